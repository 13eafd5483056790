'use strict';

// Regression: conditions recorded by name can refer to each other (`ready = !done` here,
// `done = !ready` there); following them must stop, not overflow the stack (found on the
// aws-sdk v2 sources).
const express = require('express');
const { expressjwt } = require('express-jwt');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = express();
app.use(expressjwt({
  secret: process.env.JWT_SECRET,
  algorithms: ['HS256'],
  audience: 'api',
  issuer: 'https://idp.example',
}));

function first(flags) {
  const ready = !done;
  if (!ready) return null;
  var done = !ready;
  return done || flags;
}

app.get('/settings/:name', async (req, res) => {
  const done = !ready;
  const ready = !done;
  if (!ready || !done) return res.status(409).end();
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'settings',
    // ok: ddb/key-from-request
    Key: { userId: req.auth.sub, name: req.params.name },
  }));
  return res.json(first(Item));
});

module.exports = app;
