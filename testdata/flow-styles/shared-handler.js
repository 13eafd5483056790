// One handler installed on several routes is judged on each of them, whichever comes first.
const express = require('express');
const { expressjwt } = require('express-jwt');
const AWS = require('aws-sdk');

const docs = new AWS.DynamoDB.DocumentClient();
const app = express();
const requireAuth = expressjwt({
  secret: process.env.JWT_PUBLIC_KEY,
  algorithms: ['RS256'],
  audience: 'docs-api',
  issuer: 'https://id.example.com/',
});

async function removeDoc(req, res) {
  // expect: ddb/key-from-request
  await docs.delete({ TableName: 'Docs', Key: { docId: req.params.id } }).promise();
  res.status(204).end();
}

async function archiveDoc(req, res) {
  await docs
    .update({
      TableName: 'Docs',
      // expect: ddb/key-from-request
      Key: { docId: req.params.id },
      UpdateExpression: 'SET archived = :yes',
      ExpressionAttributeValues: { ':yes': true },
    })
    .promise();
  res.status(204).end();
}

async function renameOwnDoc(req, res) {
  await docs
    .update({
      TableName: 'Docs',
      // ok: ddb/key-from-request
      Key: { ownerId: req.auth.sub, docId: req.params.id },
      UpdateExpression: 'SET title = :title',
      ExpressionAttributeValues: { ':title': String(req.body.title) },
    })
    .promise();
  res.status(204).end();
}

// Behind authentication first, then with none.
// ok: express/unauthenticated-data-route
app.delete('/docs/:id', requireAuth, removeDoc);
// expect: express/unauthenticated-data-route
app.delete('/legacy/docs/:id', removeDoc);

// With none first, then behind authentication.
// expect: express/unauthenticated-data-route
app.post('/legacy/docs/:id/archive', archiveDoc);
// ok: express/unauthenticated-data-route
app.post('/docs/:id/archive', requireAuth, archiveDoc);

// ok: express/unauthenticated-data-route
app.put('/docs/:id/title', requireAuth, renameOwnDoc);

module.exports = app;
