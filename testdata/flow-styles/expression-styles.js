'use strict';

// Style: expressions assembled step by step (clause arrays, forEach/reduce, variables built
// earlier, switch/lookup/filter allow-lists), raw request strings used as expressions and a nested
// request object spread as parameters. Old express-jwt default export, claims on req.user.
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
const EXPORTABLE = ['name', 'email', 'phone'];

// The projection is the query string itself.
app.get('/me/contacts/:contactId', async (req, res) => {
  const out = await db.get({ TableName: 'Contacts', Key: { userId: req.user.sub, contactId: req.params.contactId },
    // expect: ddb/expression-injection
    ProjectionExpression: req.query.fields }).promise();
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

// A client field list narrowed to an allow-list: only the list's own names survive.
app.get('/me/contacts-export', async (req, res) => {
  const fields = String(req.query.fields || '').split(',').filter((f) => EXPORTABLE.includes(f));
  const out = await db.query({
    TableName: 'Contacts',
    KeyConditionExpression: 'userId = :me',
    // ok: ddb/expression-injection
    ProjectionExpression: ['contactId', ...fields].join(', '),
    ExpressionAttributeValues: { ':me': req.user.sub },
  }).promise();
  res.json(out.Items);
});

// A reduce over the body's keys, stored in a variable: reported where the string is built.
app.put('/me/contacts/:contactId', async (req, res) => {
  // expect: ddb/expression-injection
  const expr = Object.keys(req.body).reduce((acc, k) => `${acc}, ${k} = :${k}`, 'SET updatedAt = :now');
  await db.update({
    TableName: 'Contacts',
    Key: { userId: req.user.sub, contactId: req.params.contactId },
    UpdateExpression: expr,
    ExpressionAttributeValues: { ':now': Date.now(), ...Object.fromEntries(Object.entries(req.body).map(([k, v]) => [`:${k}`, v])) },
  }).promise();
  res.sendStatus(204);
});

module.exports = app;
