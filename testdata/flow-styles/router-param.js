'use strict';

// Style: `router.param(name, callback)` preloading what a `:name` route works on. Express passes
// `req.params[name]` as the callback's fourth argument, so that argument is request input.
const express = require('express');
const { expressjwt } = require('express-jwt');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const router = express.Router();
router.use(expressjwt({
  secret: process.env.JWT_SECRET,
  algorithms: ['HS256'],
  audience: 'notes-api',
  issuer: 'https://idp.example',
}));

// Any signed-in caller can load any note by its id.
router.param('noteId', async (req, res, next, noteId) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'notes',
    // expect: ddb/key-from-request
    Key: { noteId },
  }));
  req.note = Item;
  next();
});

// The same through a named callback, with the value renamed.
async function loadFolder(req, res, next, value) {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'folders',
    // expect: ddb/key-from-request
    Key: { folderId: value },
  }));
  req.folder = Item;
  next();
}
router.param('folderId', loadFolder);

// Negative: the item is keyed by the caller and the parameter only selects within it.
router.param('draftId', async (req, res, next, draftId) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'drafts',
    // ok: ddb/key-from-request
    Key: { userId: req.auth.sub, draftId },
  }));
  req.draft = Item;
  next();
});

// Negative: the parameter is checked against the caller before it is used.
router.param('userId', async (req, res, next, userId) => {
  if (userId !== req.auth.sub) return res.status(403).end();
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'profiles',
    // ok: ddb/key-from-request
    Key: { userId },
  }));
  req.profile = Item;
  return next();
});

// ok: express/unauthenticated-data-route
router.get('/notes/:noteId', (req, res) => res.json(req.note));
// ok: express/unauthenticated-data-route
router.get('/folders/:folderId', (req, res) => res.json(req.folder));

module.exports = router;
