'use strict';

// Style: aws-sdk v2 DocumentClient with `.promise()`, Node callbacks `(err, data) =>` and `.then()`
// chains; a GSI query; cursor pagination. A project middleware verifies the token and stores the
// claims in res.locals.user.
//
// Pagination decision: `ExclusiveStartKey` taken from the request is neither a `Key` nor an
// expression. It only says where to resume inside the result set the key condition already
// selects (DynamoDB rejects a start key outside the query's partition), so it is not flagged by
// ddb/key-from-request or ddb/expression-injection. What the query selects is judged as usual.
const AWS = require('aws-sdk');
const express = require('express');
const jwt = require('jsonwebtoken');

const docClient = new AWS.DynamoDB.DocumentClient({ region: process.env.AWS_REGION });
const router = express.Router();

router.use((req, res, next) => {
  const token = (req.get('authorization') || '').replace(/^Bearer /, '');
  jwt.verify(token, process.env.JWT_SECRET, {
    algorithms: ['HS256'], audience: 'tickets-api', issuer: 'https://auth.example.com/',
  }, (err, claims) => {
    if (err) return res.status(401).json({ error: 'invalid token' });
    res.locals.user = claims;
    return next();
  });
});

const decodeCursor = (c) => (c ? JSON.parse(Buffer.from(String(c), 'base64url').toString()) : undefined);

// Callback style, IDOR.
router.get('/tickets/:ticketId', (req, res, next) => {
  const params = { TableName: 'Tickets', Key: {} };
  // expect: ddb/key-from-request
  params.Key.ticketId = req.params.ticketId;
  docClient.get(params, (err, data) => {
    if (err) return next(err);
    return res.json(data.Item || null);
  });
});

// Callback style, owner compared in the callback before the item is sent: pattern (e).
router.get('/tickets/:ticketId/history', (req, res, next) => {
  docClient.get({
    TableName: 'Tickets',
    // ok: ddb/key-from-request
    Key: { ticketId: req.params.ticketId },
  }, (err, data) => {
    if (err) return next(err);
    if (!data.Item || data.Item.userId !== res.locals.user.sub) return res.sendStatus(404);
    return res.json(data.Item.history);
  });
});

// `.promise().then()` chain on a GSI keyed by a query-string value.
router.get('/tickets', (req, res, next) => {
  docClient.query({
    TableName: 'Tickets',
    IndexName: 'byAssignee',
    KeyConditionExpression: 'assigneeId = :a',
    // expect: ddb/key-from-request
    ExpressionAttributeValues: { ':a': req.query.assignee },
  }).promise()
    .then((out) => res.json(out.Items))
    .catch(next);
});

// The caller's own tickets, paginated with a client cursor (see the decision above).
router.get('/me/tickets', async (req, res) => {
  const out = await docClient.query({
    TableName: 'Tickets',
    IndexName: 'byUser',
    KeyConditionExpression: 'userId = :me',
    ExpressionAttributeValues: { ':me': res.locals.user.sub },
    // ok: ddb/key-from-request, ddb/expression-injection
    ExclusiveStartKey: decodeCursor(req.query.cursor),
    Limit: Math.min(Number(req.query.limit) || 20, 100),
  }).promise();
  res.json({ items: out.Items, next: out.LastEvaluatedKey });
});

// Update with a condition on the owner bound to a body field: the client picks the owner.
router.put('/tickets/:ticketId', async (req, res) => {
  await docClient.update({
    TableName: 'Tickets',
    // expect: ddb/key-from-request
    Key: { ticketId: req.params.ticketId },
    UpdateExpression: 'SET title = :t',
    ConditionExpression: '#owner = :owner',
    ExpressionAttributeNames: { '#owner': 'userId' },
    ExpressionAttributeValues: {
      ':t': req.body.title,
      // expect: ddb/condition-from-request
      ':owner': req.body.userId,
    },
  }).promise();
  res.sendStatus(204);
});

// Callback delete, condition bound to the verified subject: pattern (d).
router.delete('/tickets/:ticketId', (req, res, next) => {
  docClient.delete({
    TableName: 'Tickets',
    // ok: ddb/key-from-request
    Key: { ticketId: req.params.ticketId },
    ConditionExpression: 'userId = :me',
    // ok: ddb/condition-from-request
    ExpressionAttributeValues: { ':me': res.locals.user.sub },
  }, (err) => (err ? next(err) : res.sendStatus(204)));
});

// batchGet through .promise(): ids from the body, nothing scopes them.
router.post('/tickets/batch', async (req, res) => {
  const ids = [].concat(req.body.ids || []);
  const out = await docClient.batchGet({
    RequestItems: {
      // expect: ddb/key-from-request
      Tickets: { Keys: ids.map((ticketId) => ({ ticketId })) },
    },
  }).promise();
  res.json(out.Responses.Tickets);
});

// The check entry names the account owner the client sent, so nothing ties the account in the
// path to the caller: the Put files a comment under any account (accountId is owner-like).
router.post('/accounts/:accountId/comments', async (req, res) => {
  await docClient.transactWrite({
    TransactItems: [{
      ConditionCheck: {
        TableName: 'Accounts',
        // ok: ddb/key-from-request
        Key: { accountId: req.params.accountId },
        ConditionExpression: 'ownerId = :owner',
        // expect: ddb/condition-from-request
        ExpressionAttributeValues: { ':owner': req.body.ownerId },
      },
    }, {
      Put: {
        TableName: 'AccountComments',
        // expect: ddb/key-from-request
        Item: { accountId: req.params.accountId, commentId: AWS.util.uuid.v4(), createdBy: res.locals.user.sub },
      },
    }],
  }).promise();
  res.sendStatus(201);
});

module.exports = router;
