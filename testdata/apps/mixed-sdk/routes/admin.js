'use strict';

const express = require('express');
const passport = require('passport');
const { ExecuteStatementCommand } = require('@aws-sdk/client-dynamodb');
const { unmarshall } = require('@aws-sdk/util-dynamodb');
const { dynamodb } = require('../lib/dynamo');
const requireRole = require('../middleware/roles');
const tickets = require('../services/ticketService');

// Staff console. Every route: a valid token, then the admin role.
const router = express.Router();
router.use(passport.authenticate('jwt', { session: false }), requireRole('admin'));

router.get('/users/:userId/tickets', async (req, res) => {
  res.json(await tickets.listForUser(req.params.userId));
});

// ok: express/unauthenticated-data-route
router.post('/tickets/:ticketId/assign', async (req, res) => {
  await tickets.assign(req.params.ticketId, String(req.body.agentId));
  res.status(204).end();
});

router.delete('/tickets/:ticketId', (req, res, next) => {
  tickets.remove(req.params.ticketId, (err) => (err ? next(err) : res.status(204).end()));
});

// Audit trail search: ?actor=<userId>&day=2024-05-01
router.get('/audit', async (req, res) => {
  const { Items = [] } = await dynamodb.send(new ExecuteStatementCommand({
    // expect: ddb/expression-injection
    Statement: `SELECT * FROM "AuditLog" WHERE actorId = '${req.query.actor}' AND begins_with("at", '${req.query.day || ''}')`,
  }));
  res.json(Items.map((item) => unmarshall(item)));
});

module.exports = router;
