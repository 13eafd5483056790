'use strict';

// The spec's ownership patterns (a)-(e), each next to a broken twin that looks much the same.
const express = require('express');
const createError = require('http-errors');
const jwt = require('jsonwebtoken');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const {
  DynamoDBDocumentClient, DeleteCommand, GetCommand, QueryCommand, UpdateCommand,
} = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const router = express.Router();

function requireAuth(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  jwt.verify(token, process.env.JWT_PUBLIC_KEY, {
    algorithms: ['RS256'],
    audience: 'accounts-api',
    issuer: 'https://auth.example.com/',
  }, (err, claims) => {
    if (err) return res.status(401).json({ error: 'invalid token' });
    req.user = claims;
    return next();
  });
}

function requireRole(role) {
  return (req, res, next) => {
    if (!req.user.roles.includes(role)) return res.sendStatus(403);
    return next();
  };
}

router.use(requireAuth);

// (a) compared with the verified subject, leaving with 403 on mismatch.
router.get('/users/:userId/profile', async (req, res) => {
  if (req.params.userId !== req.user.sub) return res.status(403).json({ error: 'forbidden' });
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Main',
    // ok: ddb/key-from-request
    Key: { pk: `USER#${req.params.userId}`, sk: 'PROFILE' },
  }));
  res.json(Item);
});

// (a) twin: the guard only logs.
router.get('/users/:userId/settings', async (req, res) => {
  if (req.params.userId !== req.user.sub) {
    console.warn('user %s reads the settings of %s', req.user.sub, req.params.userId);
  }
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Main',
    // expect: ddb/key-from-request
    Key: { pk: `USER#${req.params.userId}`, sk: 'SETTINGS' },
  }));
  res.json(Item);
});

// (a) through destructured variables, leaving by throw.
router.put('/users/:userId/settings', async (req, res) => {
  const { userId } = req.params;
  const { sub: me } = req.user;
  if (userId !== me) throw createError(403, 'not your settings');
  await ddb.send(new UpdateCommand({
    TableName: 'Main',
    // ok: ddb/key-from-request
    Key: { pk: `USER#${userId}`, sk: 'SETTINGS' },
    UpdateExpression: 'SET theme = :theme',
    ExpressionAttributeValues: { ':theme': req.body.theme },
  }));
  res.sendStatus(204);
});

// (a) leaving through next(err); the guarded account id also scopes the key's other part.
router.delete('/accounts/:accountId/api-keys/:keyId', (req, res, next) => {
  const { accountId, keyId } = req.params;
  if (accountId !== req.user.accountId) return next(createError(404));
  ddb.send(new DeleteCommand({
    TableName: 'ApiKeys',
    // ok: ddb/key-from-request
    Key: { accountId, keyId },
  }))
    .then(() => res.sendStatus(204))
    .catch(next);
});

// (a) twin: compared with another request value.
router.get('/users/:userId/orders', async (req, res) => {
  if (req.params.userId !== req.get('x-user-id')) return res.sendStatus(403);
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Orders',
    KeyConditionExpression: 'userId = :uid',
    // expect: ddb/key-from-request
    ExpressionAttributeValues: { ':uid': req.params.userId },
  }));
  res.json(Items);
});

// (a) twin: the guard is on one path only.
router.get('/users/:userId/addresses', async (req, res) => {
  const { userId } = req.params;
  if (req.query.view === 'self') {
    if (userId !== req.user.sub) return res.sendStatus(403);
  }
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Addresses',
    KeyConditionExpression: 'userId = :uid',
    // expect: ddb/key-from-request
    ExpressionAttributeValues: { ':uid': userId },
  }));
  res.json(Items);
});

// (a) twin: the check comes after the write.
router.delete('/users/:userId/sessions', async (req, res) => {
  const { userId } = req.params;
  await ddb.send(new DeleteCommand({
    TableName: 'Sessions',
    // expect: ddb/key-from-request
    Key: { userId },
  }));
  if (userId !== req.user.sub) return res.sendStatus(403);
  res.sendStatus(204);
});

// (b) a verified role claim, leaving on failure.
router.delete('/users/:userId', async (req, res) => {
  if (!req.user.roles.includes('admin')) return res.sendStatus(403);
  // ok: ddb/key-from-request
  await ddb.send(new DeleteCommand({ TableName: 'Users', Key: { userId: req.params.userId } }));
  res.sendStatus(204);
});

// (b) an authorisation middleware in the route.
router.get('/support/users/:userId', requireRole('support'), async (req, res) => {
  // ok: ddb/key-from-request
  const { Item } = await ddb.send(new GetCommand({ TableName: 'Users', Key: { userId: req.params.userId } }));
  res.json(Item);
});

// (b) in a middleware of the route whose name says nothing: its body makes the decision.
function staffDesk(req, res, next) {
  if (!req.user.roles.includes('staff')) return res.status(403).json({ error: 'staff only' });
  next();
}

router.get('/desk/users/:userId', staffDesk, async (req, res) => {
  // ok: ddb/key-from-request
  const { Item } = await ddb.send(new GetCommand({ TableName: 'Users', Key: { userId: req.params.userId } }));
  res.json(Item);
});

// (b) twin: the middleware notes the role and lets everyone through.
function staffNote(req, res, next) {
  if (!req.user.roles.includes('staff')) console.info('non-staff desk access by %s', req.user.sub);
  next();
}

router.get('/notes/users/:userId', staffNote, async (req, res) => {
  // expect: ddb/key-from-request
  const { Item } = await ddb.send(new GetCommand({ TableName: 'Users', Key: { userId: req.params.userId } }));
  res.json(Item);
});

// (b) twin: the role comes from a header the client sets.
router.post('/users/:userId/suspend', async (req, res) => {
  if (req.get('x-role') !== 'admin') return res.sendStatus(403);
  await ddb.send(new UpdateCommand({
    TableName: 'Users',
    // expect: ddb/key-from-request
    Key: { userId: req.params.userId },
    UpdateExpression: 'SET suspended = :yes',
    ExpressionAttributeValues: { ':yes': true },
  }));
  res.sendStatus(204);
});

// (c) the partition key is the verified subject.
router.get('/me/addresses/:addressId', async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Addresses',
    Key: {
      userId: req.user.sub,
      // ok: ddb/key-from-request
      addressId: req.params.addressId,
    },
  }));
  res.json(Item);
});

// (c) twin: both parts of the key come from the path.
router.get('/users/:userId/addresses/:addressId', async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Addresses',
    Key: {
      // expect: ddb/key-from-request
      userId: req.params.userId,
      addressId: req.params.addressId,
    },
  }));
  res.json(Item);
});

// (d) the write's condition checks the owner against the verified subject.
router.put('/notes/:noteId', async (req, res) => {
  await ddb.send(new UpdateCommand({
    TableName: 'Notes',
    // ok: ddb/key-from-request
    Key: { noteId: req.params.noteId },
    UpdateExpression: 'SET body = :body',
    ConditionExpression: 'ownerId = :me',
    // ok: ddb/condition-from-request
    ExpressionAttributeValues: { ':body': req.body.body, ':me': req.user.sub },
  }));
  res.sendStatus(204);
});

// (d) twin: an optimistic-lock condition says nothing about the owner.
router.patch('/notes/:noteId', async (req, res) => {
  await ddb.send(new UpdateCommand({
    TableName: 'Notes',
    // expect: ddb/key-from-request
    Key: { noteId: req.params.noteId },
    UpdateExpression: 'SET body = :body, version = :next',
    ConditionExpression: 'attribute_exists(noteId) AND version = :version',
    ExpressionAttributeValues: {
      ':body': req.body.body,
      ':next': Number(req.body.version) + 1,
      // ok: ddb/condition-from-request
      ':version': Number(req.body.version),
    },
  }));
  res.sendStatus(204);
});

// (e) the fetched item's owner is compared with the caller before it is sent.
router.get('/notes/:noteId', async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Notes',
    // ok: ddb/key-from-request
    Key: { noteId: req.params.noteId },
  }));
  if (!Item || Item.ownerId !== req.user.sub) return res.status(404).json({ error: 'not found' });
  res.json(Item);
});

// (e) twin: the owner is compared with a value from the query string.
router.get('/shared/notes/:noteId', async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Notes',
    // expect: ddb/key-from-request
    Key: { noteId: req.params.noteId },
  }));
  if (!Item || Item.ownerId !== req.query.ownerId) return res.status(404).json({ error: 'not found' });
  res.json(Item);
});

// (e) for a query: results narrowed to the caller's own items before the response.
router.get('/folders/:folderId/notes', async (req, res) => {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: 'Notes',
    IndexName: 'byFolder',
    KeyConditionExpression: 'folderId = :folder',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':folder': req.params.folderId },
  }));
  res.json(Items.filter((note) => note.ownerId === req.user.sub));
});

// (e) for a query, done by DynamoDB: a FilterExpression on the owner bound to the caller.
router.get('/labels/:labelId/notes', async (req, res) => {
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Notes',
    IndexName: 'byLabel',
    KeyConditionExpression: 'labelId = :label',
    FilterExpression: 'ownerId = :me',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':label': req.params.labelId, ':me': req.user.sub },
  }));
  res.json(Items);
});

// (e) twin: the same filter, bound to a value the client picks.
router.get('/tags/:tagId/notes', async (req, res) => {
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Notes',
    IndexName: 'byTag',
    KeyConditionExpression: 'tagId = :tag',
    FilterExpression: 'ownerId = :owner',
    // expect: ddb/key-from-request
    ExpressionAttributeValues: { ':tag': req.params.tagId, ':owner': req.query.owner },
  }));
  res.json(Items);
});

// (e) applied to a write: read, compare with the caller and leave, then write the same key.
router.post('/notes/:noteId/archive', async (req, res) => {
  // ok: ddb/key-from-request
  const { Item } = await ddb.send(new GetCommand({ TableName: 'Notes', Key: { noteId: req.params.noteId } }));
  if (!Item || Item.ownerId !== req.user.sub) return res.sendStatus(404);
  await ddb.send(new UpdateCommand({
    TableName: 'Notes',
    // ok: ddb/key-from-request
    Key: { noteId: req.params.noteId },
    UpdateExpression: 'SET archived = :yes',
    ExpressionAttributeValues: { ':yes': true },
  }));
  res.sendStatus(204);
});

// (e) twin: the write happens before the read that checks the owner.
router.post('/notes/:noteId/pin', async (req, res) => {
  await ddb.send(new UpdateCommand({
    TableName: 'Notes',
    // expect: ddb/key-from-request
    Key: { noteId: req.params.noteId },
    UpdateExpression: 'SET pinned = :yes',
    ExpressionAttributeValues: { ':yes': true },
  }));
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Notes',
    // ok: ddb/key-from-request
    Key: { noteId: req.params.noteId },
  }));
  if (!Item || Item.ownerId !== req.user.sub) return res.sendStatus(404);
  res.sendStatus(204);
});

// (a) leaving through a helper that always throws.
function forbidden(message) {
  throw createError(403, message);
}

router.delete('/accounts/:accountId/avatar', async (req, res) => {
  if (req.params.accountId !== req.user.sub) {
    forbidden('not your account');
  }
  await ddb.send(new DeleteCommand({
    TableName: 'Avatars',
    // ok: ddb/key-from-request
    Key: { accountId: req.params.accountId },
  }));
  res.sendStatus(204);
});

// (a) twin: the helper only logs, and may return; the delete still runs.
function warnForeign(message) {
  if (process.env.STRICT) throw createError(403, message);
  console.warn(message);
}

router.delete('/accounts/:accountId/banner', async (req, res) => {
  if (req.params.accountId !== req.user.sub) {
    warnForeign('not your account');
  }
  await ddb.send(new DeleteCommand({
    TableName: 'Banners',
    // expect: ddb/key-from-request
    Key: { accountId: req.params.accountId },
  }));
  res.sendStatus(204);
});

module.exports = router;
