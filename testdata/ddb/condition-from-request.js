'use strict';

// ddb/condition-from-request with the aws-sdk v2 DocumentClient (.promise() and callbacks).
// passport-jwt verifies the bearer token and puts the claims on req.user for everything under /api.
const AWS = require('aws-sdk');
const express = require('express');
const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');

const docClient = new AWS.DynamoDB.DocumentClient({ region: process.env.AWS_REGION });
const app = express();

passport.use(new JwtStrategy({
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  secretOrKey: process.env.JWT_SECRET,
  algorithms: ['HS256'],
  audience: 'docs-api',
  issuer: 'https://auth.example.com/',
}, (payload, done) => done(null, payload)));

app.use(express.json());
app.use('/api', passport.authenticate('jwt', { session: false }));

function normalizeId(raw) {
  return String(raw || '').trim();
}

// The client sends the note's owner along with its id: the condition proves nothing.
app.delete('/api/documents/:docId', async (req, res) => {
  try {
    await docClient.delete({
      TableName: 'Documents',
      // expect: ddb/key-from-request
      Key: { docId: req.params.docId },
      ConditionExpression: 'ownerId = :owner',
      // expect: ddb/condition-from-request
      ExpressionAttributeValues: { ':owner': req.body.ownerId },
    }).promise();
  } catch (err) {
    if (err.code === 'ConditionalCheckFailedException') return res.sendStatus(404);
    throw err;
  }
  res.sendStatus(204);
});

// Tenant-scoped key, but "only the author may rename" is checked against the body.
app.patch('/api/documents/:docId/title', (req, res, next) => {
  const params = {
    TableName: 'Documents',
    Key: {
      tenantId: req.user.tenantId,
      // ok: ddb/key-from-request
      docId: req.params.docId,
    },
    UpdateExpression: 'SET #t = :title',
    ConditionExpression: '#by = :author',
    ExpressionAttributeNames: { '#t': 'title', '#by': 'createdBy' },
    ExpressionAttributeValues: {
      ':title': String(req.body.title),
      // expect: ddb/condition-from-request
      ':author': req.body.author,
    },
  };
  docClient.update(params, (err) => {
    if (err) return next(err);
    return res.sendStatus(204);
  });
});

// Owner attribute on the right-hand side, value from a header.
app.delete('/api/hooks/:hookId', async (req, res) => {
  await docClient.delete({
    TableName: 'Hooks',
    // expect: ddb/key-from-request
    Key: { hookId: req.params.hookId },
    ConditionExpression: ':acct = accountId',
    // expect: ddb/condition-from-request
    ExpressionAttributeValues: { ':acct': req.get('x-account-id') },
  }).promise();
  res.sendStatus(204);
});

// Overwrite allowed "if you own it", with the owner taken from the body.
app.put('/api/pages/:slug', async (req, res) => {
  await docClient.put({
    TableName: 'Pages',
    Item: {
      slug: req.params.slug,
      // ok: ddb/key-from-request
      ownerId: req.user.sub,
      body: String(req.body.body),
    },
    ConditionExpression: 'attribute_not_exists(slug) OR ownerId = :owner',
    ExpressionAttributeValues: {
      // expect: ddb/condition-from-request
      ':owner': normalizeId(req.body.ownerId),
    },
  }).promise();
  res.sendStatus(204);
});

app.delete('/api/drafts/:draftId', (req, res, next) => {
  docClient.delete({
    TableName: 'Drafts',
    // ok: ddb/key-from-request
    Key: { draftId: req.params.draftId },
    ConditionExpression: 'ownerId = :me',
    // ok: ddb/condition-from-request
    ExpressionAttributeValues: { ':me': req.user.sub },
  }, (err) => {
    if (err && err.code === 'ConditionalCheckFailedException') return res.sendStatus(404);
    if (err) return next(err);
    return res.sendStatus(204);
  });
});

// Optimistic locking: the version is the client's to send.
app.put('/api/documents/:docId', async (req, res) => {
  await docClient.update({
    TableName: 'Documents',
    // ok: ddb/key-from-request
    Key: { tenantId: req.user.tenantId, docId: req.params.docId },
    UpdateExpression: 'SET body = :body, version = :next',
    ConditionExpression: 'version = :version',
    ExpressionAttributeValues: {
      ':body': req.body.body,
      ':next': Number(req.body.version) + 1,
      // ok: ddb/condition-from-request
      ':version': Number(req.body.version),
    },
  }).promise();
  res.sendStatus(204);
});

// A state-machine guard on a non-owner attribute.
app.post('/api/documents/:docId/publish', async (req, res) => {
  await docClient.update({
    TableName: 'Documents',
    // ok: ddb/key-from-request
    Key: { tenantId: req.user.tenantId, docId: req.params.docId },
    UpdateExpression: 'SET #s = :published',
    ConditionExpression: '#s = :expected',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: {
      ':published': 'PUBLISHED',
      // ok: ddb/condition-from-request
      ':expected': req.body.fromStatus,
    },
  }).promise();
  res.sendStatus(204);
});

// (a) The account id is compared with the verified claim first, so the condition holds the caller's own.
app.put('/api/accounts/:accountId/plan', async (req, res) => {
  const { accountId } = req.params;
  if (accountId !== req.user.accountId) return res.sendStatus(403);
  await docClient.update({
    TableName: 'Accounts',
    // ok: ddb/key-from-request
    Key: { accountId },
    UpdateExpression: 'SET #plan = :plan',
    ConditionExpression: 'accountId = :acct AND #plan <> :plan',
    ExpressionAttributeNames: { '#plan': 'plan' },
    ExpressionAttributeValues: {
      ':plan': req.body.plan,
      // ok: ddb/condition-from-request
      ':acct': accountId,
    },
  }).promise();
  res.sendStatus(204);
});

// authorId is not in the default owner-like list (a project would add it in claimcheck.toml).
app.post('/api/comments/:commentId/edit', async (req, res) => {
  await docClient.update({
    TableName: 'Comments',
    // expect: ddb/key-from-request
    Key: { commentId: req.params.commentId },
    UpdateExpression: 'SET body = :body',
    ConditionExpression: 'authorId = :author',
    ExpressionAttributeValues: {
      ':body': req.body.body,
      // ok: ddb/condition-from-request
      ':author': req.body.authorId,
    },
  }).promise();
  res.sendStatus(204);
});

module.exports = app;
