// Manager-only routes: the middleware verifies the token and compares its role with the
// configured one, answering in if/else branches rather than with return. The shared helper
// the routes call with their request is judged on those routes, not on its own.
const express = require('express');
const jwt = require('jsonwebtoken');
const AWS = require('aws-sdk');

const docs = new AWS.DynamoDB.DocumentClient();
const router = express.Router();
const MANAGER_ROLE = process.env.MANAGER_ROLE;
const OPTIONS = { algorithms: ['HS256'], audience: 'tickets', issuer: 'https://id.example.com/' };

function managersOnly(req, res, next) {
  const token = (req.get('authorization') || '').split(' ')[1];
  jwt.verify(token, process.env.JWT_SECRET, OPTIONS, (err, user) => {
    if (err) {
      res.sendStatus(401);
    } else if (user.role !== MANAGER_ROLE) {
      res.sendStatus(403);
    } else {
      req.user = user;
      next();
    }
  });
}

async function setStatus(req, res, status) {
  await docs.update({
    TableName: 'Tickets',
    // ok: ddb/key-from-request
    Key: { ticketId: req.params.id },
    UpdateExpression: 'SET #s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':s': status },
  }).promise();
  res.sendStatus(204);
}

function signedIn(req, res, next) {
  const token = (req.get('authorization') || '').split(' ')[1];
  jwt.verify(token, process.env.JWT_SECRET, OPTIONS, (err, user) => {
    if (err) return res.sendStatus(401);
    req.user = user;
    return next();
  });
}

// The same kind of helper, called from a route any signed-in user may call.
async function setPriority(req, res, priority) {
  await docs.update({
    TableName: 'Tickets',
    // expect: ddb/key-from-request
    Key: { ticketId: req.params.id },
    UpdateExpression: 'SET priority = :p',
    ExpressionAttributeValues: { ':p': priority },
  }).promise();
  res.sendStatus(204);
}

router.post('/tickets/:id/escalate', signedIn, (req, res) => setPriority(req, res, 'HIGH'));
router.post('/tickets/:id/approve', managersOnly, (req, res) => setStatus(req, res, 'APPROVED'));
router.post('/tickets/:id/deny', managersOnly, (req, res) => setStatus(req, res, 'DENIED'));

module.exports = router;
