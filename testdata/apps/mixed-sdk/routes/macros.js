'use strict';

const { randomUUID } = require('crypto');
const express = require('express');
const { DeleteCommand, PutCommand, ScanCommand } = require('@aws-sdk/lib-dynamodb');
const { documents } = require('../lib/dynamo');

// Canned replies ("macros") for the agent console. Neither this router nor its mount in app.js
// has any authentication.
const router = express.Router();
const TABLE = process.env.MACROS_TABLE || 'Macros';

function toMacro(macroId, body) {
  return {
    macroId,
    title: String(body.title || '').slice(0, 120),
    content: String(body.content || ''),
    tags: [].concat(body.tags || []).map(String),
    updatedAt: new Date().toISOString(),
  };
}

// A Scan: not keyed by request input, so not a finding.
// ok: express/unauthenticated-data-route
router.get('/', async (req, res) => {
  const { Items = [] } = await documents.send(new ScanCommand({ TableName: TABLE, Limit: 200 }));
  res.json(Items);
});

// expect: express/unauthenticated-data-route
router.post('/', async (req, res) => {
  const macro = toMacro(randomUUID(), req.body);
  await documents.send(new PutCommand({ TableName: TABLE, Item: macro }));
  res.status(201).json(macro);
});

// expect: express/unauthenticated-data-route
router.put('/:macroId', async (req, res) => {
  await documents.send(new PutCommand({ TableName: TABLE, Item: toMacro(req.params.macroId, req.body) }));
  res.status(204).end();
});

// expect: express/unauthenticated-data-route
router.delete('/:macroId', async (req, res) => {
  await documents.send(new DeleteCommand({
    TableName: TABLE,
    // The project's route graph shows no authentication in front of this router, and the handler
    // never reads an identity: as for an unauthenticated express() app (rules/ddb/key-from-request.md,
    // Decisions), the missing authentication is the finding, not the key.
    // ok: ddb/key-from-request
    Key: { macroId: req.params.macroId },
  }));
  res.status(204).end();
});

module.exports = router;
