'use strict';

// Style: expressions assembled step by step (arrays of clauses, variables built earlier, switch
// and lookup allow-lists), raw request strings used as expressions, a nested request object
// spread as parameters, and a TransactWrite ConditionCheck. Older express-jwt default export
// (`jwt({...})`) in front of everything, claims on req.user.
const express = require('express');
const jwt = require('express-jwt');
const AWS = require('aws-sdk');

const db = new AWS.DynamoDB.DocumentClient();
const app = express();
app.use(express.json());
app.use(jwt({
  secret: process.env.JWT_SECRET,
  algorithms: ['HS256'],
  audience: 'crm-api',
  issuer: 'https://auth.example.com/',
}));

const SORT_ATTRS = { newest: 'createdAt', name: 'displayName' };
const FILTERS = ['stage', 'region', 'source'];

// The projection is the query string itself.
app.get('/me/contacts/:contactId', async (req, res) => {
  const out = await db.get({
    TableName: 'Contacts',
    Key: { userId: req.user.sub, contactId: req.params.contactId },
    // expect: ddb/expression-injection
    ProjectionExpression: req.query.fields,
  }).promise();
  res.json(out.Item);
});

// A filter built into a variable first; the finding is where the string is built.
app.get('/me/contacts', async (req, res) => {
  // expect: ddb/expression-injection
  const filter = `${req.query.attr} = :v`;
  const out = await db.query({
    TableName: 'Contacts',
    KeyConditionExpression: 'userId = :me',
    FilterExpression: filter,
    ExpressionAttributeValues: { ':me': req.user.sub, ':v': req.query.value },
  }).promise();
  res.json(out.Items);
});

// Clauses pushed from the allow-listed names only, values as placeholders.
app.get('/me/deals', async (req, res) => {
  const clauses = [];
  const values = { ':me': req.user.sub };
  for (const name of FILTERS) {
    if (req.query[name] === undefined) continue;
    clauses.push(`${name} = :${name}`);
    values[`:${name}`] = String(req.query[name]);
  }
  const out = await db.query({
    TableName: 'Deals',
    KeyConditionExpression: 'userId = :me',
    // ok: ddb/expression-injection
    FilterExpression: clauses.length ? clauses.join(' AND ') : undefined,
    ExpressionAttributeValues: values,
  }).promise();
  res.json(out.Items);
});

// Every body key turned into a SET clause.
app.patch('/me/deals/:dealId', async (req, res) => {
  const sets = [];
  const values = {};
  Object.entries(req.body).forEach(([k, v]) => {
    sets.push(`${k} = :${k}`);
    values[`:${k}`] = v;
  });
  await db.update({
    TableName: 'Deals',
    Key: { userId: req.user.sub, dealId: req.params.dealId },
    // expect: ddb/expression-injection
    UpdateExpression: 'SET ' + sets.join(', '),
    ExpressionAttributeValues: values,
  }).promise();
  res.sendStatus(204);
});

// Sort attribute from a lookup table, and from a switch over literals.
app.get('/me/leads', async (req, res) => {
  let index;
  switch (req.query.by) {
    case 'stage': index = 'byStage'; break;
    default: index = 'byCreated';
  }
  const out = await db.query({
    TableName: 'Leads',
    IndexName: index,
    KeyConditionExpression: 'userId = :me',
    ProjectionExpression: 'leadId, #sort',
    // ok: ddb/expression-injection
    ExpressionAttributeNames: { '#sort': SORT_ATTRS[req.query.sort] || 'createdAt' },
    ExpressionAttributeValues: { ':me': req.user.sub },
  }).promise();
  res.json(out.Items);
});

// The same name binding falling back to the raw request value.
app.get('/me/leads/export', async (req, res) => {
  const sortAttr = SORT_ATTRS[req.query.sort] || req.query.sort;
  const out = await db.query({
    TableName: 'Leads',
    KeyConditionExpression: 'userId = :me',
    ProjectionExpression: 'leadId, #sort',
    // expect: ddb/expression-injection
    ExpressionAttributeNames: { '#sort': sortAttr },
    ExpressionAttributeValues: { ':me': req.user.sub },
  }).promise();
  res.json(out.Items);
});

// A nested request object spread as the query's parameters.
app.post('/me/reports/run', async (req, res) => {
  const out = await db.query({
    TableName: 'Reports',
    // expect: ddb/expression-injection
    ...req.body.query,
  }).promise();
  res.json(out.Items);
});

// The check entry names the account owner the client sent, so nothing ties the account in the
// path to the caller: the Put files a note under any account (accountId is owner-like).
app.post('/accounts/:accountId/notes', async (req, res) => {
  await db.transactWrite({
    TransactItems: [
      {
        ConditionCheck: {
          TableName: 'Accounts',
          // ok: ddb/key-from-request
          Key: { accountId: req.params.accountId },
          ConditionExpression: 'ownerId = :owner',
          // expect: ddb/condition-from-request
          ExpressionAttributeValues: { ':owner': req.body.ownerId },
        },
      },
      {
        Put: {
          TableName: 'AccountNotes',
          // expect: ddb/key-from-request
          Item: { accountId: req.params.accountId, noteId: AWS.util.uuid.v4(), createdBy: req.user.sub, text: req.body.text },
        },
      },
    ],
  }).promise();
  res.sendStatus(201);
});

module.exports = app;
