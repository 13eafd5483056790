'use strict';

// ddb/expression-injection, CommonJS with @aws-sdk/lib-dynamodb. express-jwt (v7) puts the
// verified claims on req.auth for every route of this router.
const express = require('express');
const { expressjwt } = require('express-jwt');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const {
  DynamoDBDocumentClient, ExecuteStatementCommand, GetCommand, QueryCommand, UpdateCommand,
} = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const router = express.Router();

router.use(expressjwt({
  secret: process.env.JWT_SECRET,
  algorithms: ['HS256'],
  audience: 'shop-api',
  issuer: 'https://auth.example.com/',
}));

const EDITABLE = ['displayName', 'bio', 'avatarUrl'];
const READABLE = ['status', 'total', 'createdAt'];

router.get('/me/orders/search', async (req, res) => {
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Orders',
    KeyConditionExpression: 'userId = :me',
    // expect: ddb/expression-injection
    FilterExpression: `contains(${req.query.field}, :q)`,
    // ok: ddb/expression-injection
    ExpressionAttributeValues: { ':me': req.auth.sub, ':q': req.query.q },
    // ok: ddb/expression-injection
    Limit: Number(req.query.limit) || 25,
  }));
  res.json(Items);
});

// Mass assignment: the body's keys become attribute names, so it can set role or plan.
router.patch('/me/profile', async (req, res) => {
  const fields = Object.keys(req.body);
  if (fields.length === 0) return res.status(400).json({ error: 'nothing to update' });
  await ddb.send(new UpdateCommand({
    TableName: 'Users',
    Key: { userId: req.auth.sub },
    // expect: ddb/expression-injection
    UpdateExpression: 'SET ' + fields.map((f) => `#${f} = :${f}`).join(', '),
    // expect: ddb/expression-injection
    ExpressionAttributeNames: Object.fromEntries(fields.map((f) => [`#${f}`, f])),
    ExpressionAttributeValues: Object.fromEntries(fields.map((f) => [`:${f}`, req.body[f]])),
  }));
  res.sendStatus(204);
});

// The same update, restricted to an allow-list of editable attributes.
router.put('/me/profile', async (req, res) => {
  const fields = EDITABLE.filter((f) => f in req.body);
  if (fields.length === 0) return res.status(400).json({ error: 'nothing to update' });
  await ddb.send(new UpdateCommand({
    TableName: 'Users',
    Key: { userId: req.auth.sub },
    // ok: ddb/expression-injection
    UpdateExpression: 'SET ' + fields.map((f) => `#${f} = :${f}`).join(', '),
    // ok: ddb/expression-injection
    ExpressionAttributeNames: Object.fromEntries(fields.map((f) => [`#${f}`, f])),
    ExpressionAttributeValues: Object.fromEntries(fields.map((f) => [`:${f}`, req.body[f]])),
  }));
  res.sendStatus(204);
});

router.get('/me/orders/:orderId/field', async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Orders',
    Key: { userId: req.auth.sub, orderId: req.params.orderId },
    ProjectionExpression: '#f',
    ExpressionAttributeNames: {
      // expect: ddb/expression-injection
      '#f': req.query.name,
    },
  }));
  res.json(Item);
});

router.get('/me/orders/:orderId/summary', async (req, res) => {
  const { name } = req.query;
  if (!READABLE.includes(name)) return res.status(400).json({ error: 'unknown field' });
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Orders',
    Key: { userId: req.auth.sub, orderId: req.params.orderId },
    ProjectionExpression: 'orderId, #f',
    ExpressionAttributeNames: {
      // ok: ddb/expression-injection
      '#f': name,
    },
  }));
  res.json(Item);
});

// "Cancel only if ..." with the extra clause written by the client.
router.post('/me/orders/:orderId/cancel', async (req, res) => {
  const extra = req.body.onlyIf ? ` AND ${req.body.onlyIf}` : '';
  await ddb.send(new UpdateCommand({
    TableName: 'Orders',
    Key: { userId: req.auth.sub, orderId: req.params.orderId },
    UpdateExpression: 'SET #s = :cancelled',
    // expect: ddb/expression-injection
    ConditionExpression: '#s = :placed' + extra,
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':cancelled': 'CANCELLED', ':placed': 'PLACED' },
  }));
  res.sendStatus(204);
});

router.get('/me/orders/:orderId/lines', async (req, res) => {
  const { Items } = await ddb.send(new ExecuteStatementCommand({
    // expect: ddb/expression-injection
    Statement: `SELECT * FROM "OrderLines" WHERE orderId = '${req.params.orderId}' AND userId = '${req.auth.sub}'`,
  }));
  res.json(Items);
});

router.get('/me/orders/:orderId/lines/:lineNo', async (req, res) => {
  const { Items } = await ddb.send(new ExecuteStatementCommand({
    // ok: ddb/expression-injection
    Statement: 'SELECT * FROM "OrderLines" WHERE orderId = ? AND lineNo = ? AND userId = ?',
    Parameters: [req.params.orderId, Number(req.params.lineNo), req.auth.sub],
  }));
  res.json(Items[0] ?? null);
});

// An admin check decides who may call this, not what the body can do to the table.
router.post('/admin/orders/update', async (req, res) => {
  if (!req.auth.roles?.includes('admin')) return res.sendStatus(403);
  // expect: ddb/expression-injection
  await ddb.send(new UpdateCommand(req.body));
  res.sendStatus(204);
});

// Parameters chosen among server-built variants: the client picks which, not what they say.
router.get('/me/orders/by-state', async (req, res) => {
  const variants = {
    open: { FilterExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':u': req.auth.sub, ':open': 'OPEN' } },
    since: { FilterExpression: 'createdAt > :t', ExpressionAttributeValues: { ':u': req.auth.sub, ':t': Number(req.query.since) } },
  };
  const out = await ddb.send(new QueryCommand({
    TableName: 'Orders',
    KeyConditionExpression: 'userId = :u',
    // ok: ddb/expression-injection
    ...variants[req.query.since ? 'since' : 'open'],
  }));
  res.json(out.Items);
});

// Its twin: one of the variants is the client's own object.
router.get('/me/orders/custom', async (req, res) => {
  const variants = {
    open: { FilterExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':u': req.auth.sub, ':open': 'OPEN' } },
    custom: req.body.search,
  };
  const out = await ddb.send(new QueryCommand({
    // expect: ddb/expression-injection
    ...variants[req.query.mode],
    TableName: 'Orders',
    KeyConditionExpression: 'userId = :u',
  }));
  res.json(out.Items);
});

module.exports = router;
