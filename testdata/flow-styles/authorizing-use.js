// A middleware installed with use() that makes the role decision authorises the routes
// registered after it on the same router, and only those.
const express = require('express');
const { expressjwt } = require('express-jwt');
const AWS = require('aws-sdk');

const docs = new AWS.DynamoDB.DocumentClient();
const desk = express.Router();

desk.use(expressjwt({
  secret: process.env.JWT_PUBLIC_KEY,
  algorithms: ['RS256'],
  audience: 'desk-api',
  issuer: 'https://id.example.com/',
}));

// Registered before the role check: any signed-in user reads any account.
desk.get('/accounts/:accountId/summary', async (req, res) => {
  const { Item } = await docs.get({
    TableName: 'Accounts',
    // expect: ddb/key-from-request
    Key: { accountId: req.params.accountId },
  }).promise();
  res.json({ name: Item && Item.name });
});

function supportStaff(req, res, next) {
  const groups = req.auth['cognito:groups'] || [];
  if (!groups.includes('support')) return res.status(403).json({ error: 'support only' });
  next();
}

desk.use(supportStaff);

desk.get('/accounts/:accountId', async (req, res) => {
  const { Item } = await docs.get({
    TableName: 'Accounts',
    // ok: ddb/key-from-request
    Key: { accountId: req.params.accountId },
  }).promise();
  res.json(Item);
});

module.exports = desk;
