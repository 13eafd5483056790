// A data-access function handed to a shared helper, which calls it: the helper's call is
// followed to the function it was given.
const express = require('express');
const { expressjwt } = require('express-jwt');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, DeleteCommand, UpdateCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = express();
const requireAuth = expressjwt({
  secret: process.env.JWT_PUBLIC_KEY,
  algorithms: ['RS256'],
  audience: 'tickets-api',
  issuer: 'https://id.example.com/',
});

async function deleteTicket(ticketId) {
  // expect: ddb/key-from-request
  await ddb.send(new DeleteCommand({ TableName: 'Tickets', Key: { ticketId } }));
}

async function closeOwnTicket(ticketId, userId) {
  await ddb.send(new UpdateCommand({
    TableName: 'Tickets',
    // ok: ddb/key-from-request
    Key: { userId, ticketId },
    UpdateExpression: 'SET closed = :yes',
    ExpressionAttributeValues: { ':yes': true },
  }));
}

async function onTicket(req, res, action) {
  await action(req.params.ticketId, req.auth.sub);
  res.sendStatus(204);
}

app.delete('/tickets/:ticketId', requireAuth, (req, res) => onTicket(req, res, deleteTicket));
app.post('/me/tickets/:ticketId/close', requireAuth, (req, res) => onTicket(req, res, closeOwnTicket));

module.exports = app;
