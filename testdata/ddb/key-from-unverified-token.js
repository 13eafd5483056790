'use strict';

// ddb/key-from-unverified-token, CommonJS. The /me router only decodes the bearer token into
// req.user ("the gateway checked it"). The /api router is behind express-jwt (req.auth is
// verified), but some handlers still take identity from a second token they only decode.
const cookieParser = require('cookie-parser');
const express = require('express');
const jwt = require('jsonwebtoken');
const { jwtDecode } = require('jwt-decode');
const { expressjwt } = require('express-jwt');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const {
  DynamoDBDocumentClient, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand,
} = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const PARTNER_KEYS = JSON.parse(process.env.PARTNER_KEYS_JSON);
const app = express();
const me = express.Router();
const api = express.Router();

function bearer(req) {
  return (req.get('authorization') || '').replace(/^Bearer /, '');
}

function loadUser(req, res, next) {
  // expect: jwt/decode-without-verify
  const claims = jwt.decode(bearer(req));
  if (!claims) return res.status(401).json({ error: 'missing token' });
  req.user = claims;
  return next();
}

// Verifies the session cookie, then decodes the same token for its claims.
function requireSession(req, res, next) {
  const token = req.cookies.session;
  try {
    jwt.verify(token, process.env.SESSION_SECRET, {
      algorithms: ['HS256'], audience: 'wallet-web', issuer: 'https://auth.example.com/',
    });
  } catch (err) {
    return res.status(401).json({ error: 'session expired' });
  }
  // ok: jwt/decode-without-verify
  res.locals.session = jwt.decode(token);
  return next();
}

// Decodes only the header to pick the partner's key, then verifies with it.
function requirePartner(req, res, next) {
  const token = bearer(req);
  // ok: jwt/decode-without-verify
  const decoded = jwt.decode(token, { complete: true });
  const key = decoded && PARTNER_KEYS[decoded.header.kid];
  if (!key) return res.status(401).json({ error: 'unknown partner key' });
  try {
    res.locals.partner = jwt.verify(token, key, {
      algorithms: ['RS256'], audience: 'partner-api', issuer: 'https://partners.example.com/',
    });
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'invalid partner token' });
  }
}

app.use(cookieParser());
app.use((req, res, next) => {
  const token = bearer(req);
  // ok: jwt/decode-without-verify
  const peek = token ? jwt.decode(token) : null;
  console.log('%s %s (token for %s)', req.method, req.path, peek && peek.sub);
  next();
});

me.use(loadUser);

// expect: express/unauthenticated-data-route
me.put('/profile', async (req, res) => {
  await ddb.send(new PutCommand({
    TableName: 'Profiles',
    Item: {
      // expect: ddb/key-from-unverified-token
      userId: req.user.sub,
      displayName: String(req.body.displayName),
    },
  }));
  res.sendStatus(204);
});

// expect: express/unauthenticated-data-route
me.delete('/sessions', async (req, res) => {
  await ddb.send(new DeleteCommand({
    TableName: 'Sessions',
    // expect: ddb/key-from-unverified-token
    Key: { userId: req.user.sub },
  }));
  res.sendStatus(204);
});

// The role check reads the same forged claims, so it does not help.
// expect: express/unauthenticated-data-route
me.post('/plan', async (req, res) => {
  if (!req.user.roles || !req.user.roles.includes('billing-admin')) return res.sendStatus(403);
  await ddb.send(new UpdateCommand({
    TableName: 'Accounts',
    // expect: ddb/key-from-unverified-token
    Key: { accountId: req.user.accountId },
    UpdateExpression: 'SET #plan = :plan',
    ExpressionAttributeNames: { '#plan': 'plan' },
    ExpressionAttributeValues: { ':plan': req.body.plan },
  }));
  res.sendStatus(204);
});

api.use(expressjwt({
  secret: process.env.JWT_SECRET,
  algorithms: ['HS256'],
  audience: 'wallet-api',
  issuer: 'https://auth.example.com/',
}));

api.get('/orders', async (req, res) => {
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Orders',
    KeyConditionExpression: 'userId = :uid',
    // ok: ddb/key-from-unverified-token
    ExpressionAttributeValues: { ':uid': req.auth.sub },
  }));
  res.json(Items);
});

// The tenant comes from the ID token, which is only decoded.
api.get('/tenant/invoices', async (req, res) => {
  // expect: jwt/decode-without-verify
  const idToken = jwtDecode(req.get('x-id-token'));
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Invoices',
    KeyConditionExpression: 'tenantId = :tid',
    // expect: ddb/key-from-unverified-token
    ExpressionAttributeValues: { ':tid': idToken.tenant },
  }));
  res.json(Items);
});

// A guard against decoded claims proves nothing: the attacker wrote both sides.
api.get('/users/:userId/card', async (req, res) => {
  // expect: jwt/decode-without-verify
  const idClaims = jwtDecode(req.get('x-id-token'));
  if (idClaims.sub !== req.params.userId) return res.sendStatus(403);
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Cards',
    // expect: ddb/key-from-unverified-token
    Key: { userId: idClaims.sub },
  }));
  res.json(Item);
});

// The verified subject scopes the key; the decoded deep-link claim only picks among own items.
api.get('/orders/from-link', async (req, res) => {
  // expect: jwt/decode-without-verify
  const link = jwt.decode(String(req.query.link));
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'UserOrders',
    Key: {
      userId: req.auth.sub,
      // ok: ddb/key-from-unverified-token
      orderId: link.orderId,
    },
  }));
  res.json(Item);
});

// The owner condition is bound to a decoded claim, so it does not establish ownership either.
api.delete('/notes/:noteId', async (req, res) => {
  // expect: jwt/decode-without-verify
  const profile = jwtDecode(req.get('x-id-token'));
  await ddb.send(new DeleteCommand({
    TableName: 'Notes',
    // expect: ddb/key-from-request
    Key: { noteId: req.params.noteId },
    ConditionExpression: 'ownerId = :me',
    // expect: ddb/key-from-unverified-token
    ExpressionAttributeValues: { ':me': profile.sub },
  }));
  res.sendStatus(204);
});

app.use('/me', me);
app.use('/api', api);

app.get('/wallet', requireSession, async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Wallets',
    // ok: ddb/key-from-unverified-token
    Key: { userId: res.locals.session.sub },
  }));
  res.json(Item);
});

app.post('/partner/orders/:orderId/ship', requirePartner, async (req, res) => {
  await ddb.send(new UpdateCommand({
    TableName: 'PartnerOrders',
    Key: {
      // ok: ddb/key-from-unverified-token
      partnerId: res.locals.partner.sub,
      orderId: req.params.orderId,
    },
    UpdateExpression: 'SET shippedAt = :now',
    ExpressionAttributeValues: { ':now': new Date().toISOString() },
  }));
  res.sendStatus(204);
});

module.exports = app;
