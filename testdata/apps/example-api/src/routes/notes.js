'use strict';

const express = require('express');
const { DeleteCommand, QueryCommand, UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { ddb, NOTES_TABLE } = require('../db');
const notes = require('../services/noteService');

// Mounted after requireAuth (see app.js): req.user holds the caller's verified claims.
const router = express.Router();

router.get('/', async (req, res) => {
  res.json(await notes.listNotesByOwner(req.user.sub));
});

router.post('/', async (req, res) => {
  const note = await notes.createNote(req.user.sub, req.body);
  res.status(201).json(note);
});

router.get('/:noteId', async (req, res) => {
  const note = await notes.getNote(req.params.noteId);
  if (!note || note.ownerId !== req.user.sub) return res.status(404).json({ error: 'not found' });
  res.json(note);
});

// A team's shared notes.
router.get('/teams/:teamId', async (req, res) => {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: NOTES_TABLE,
    IndexName: 'byTeam',
    KeyConditionExpression: 'teamId = :team',
    // expect: ddb/key-from-request
    ExpressionAttributeValues: { ':team': req.params.teamId },
  }));
  res.json(Items);
});

// Saves an edited note. The client sends back the note as it received it, ownerId included.
router.put('/:noteId', async (req, res) => {
  const { title, content, ownerId, version } = req.body;
  try {
    await ddb.send(new UpdateCommand({
      TableName: NOTES_TABLE,
      // expect: ddb/key-from-request
      Key: { noteId: req.params.noteId },
      UpdateExpression: 'SET title = :title, content = :content, version = :next',
      ConditionExpression: 'ownerId = :owner AND version = :version',
      ExpressionAttributeValues: {
        ':title': String(title),
        ':content': String(content),
        ':next': Number(version) + 1,
        // expect: ddb/condition-from-request
        ':owner': ownerId,
        // ok: ddb/condition-from-request
        ':version': Number(version),
      },
    }));
  } catch (err) {
    if (err.name === 'ConditionalCheckFailedException') {
      return res.status(409).json({ error: 'the note was changed by someone else' });
    }
    throw err;
  }
  res.status(204).end();
});

// Partial update: writes whichever fields the client sends.
router.patch('/:noteId', async (req, res) => {
  const fields = Object.keys(req.body);
  if (fields.length === 0) return res.status(400).json({ error: 'nothing to update' });
  await ddb.send(new UpdateCommand({
    TableName: NOTES_TABLE,
    // ok: ddb/key-from-request
    Key: { noteId: req.params.noteId },
    // expect: ddb/expression-injection
    UpdateExpression: 'SET ' + fields.map((f) => `${f} = :${f}`).join(', '),
    ConditionExpression: 'ownerId = :me',
    ExpressionAttributeValues: {
      ...Object.fromEntries(fields.map((f) => [`:${f}`, req.body[f]])),
      // ok: ddb/condition-from-request
      ':me': req.user.sub,
    },
  }));
  res.status(204).end();
});

router.post('/:noteId/archive', async (req, res) => {
  await notes.archiveNote(req.params.noteId);
  res.status(204).end();
});

router.delete('/:noteId', async (req, res) => {
  try {
    await ddb.send(new DeleteCommand({
      TableName: NOTES_TABLE,
      // ok: ddb/key-from-request
      Key: { noteId: req.params.noteId },
      ConditionExpression: 'ownerId = :me',
      // ok: ddb/condition-from-request
      ExpressionAttributeValues: { ':me': req.user.sub },
    }));
  } catch (err) {
    if (err.name === 'ConditionalCheckFailedException') return res.status(404).json({ error: 'not found' });
    throw err;
  }
  res.status(204).end();
});

module.exports = router;
