'use strict';

const { randomUUID } = require('crypto');
const express = require('express');
const passport = require('passport');
const { PutCommand } = require('@aws-sdk/lib-dynamodb');
const { documents } = require('../lib/dynamo');
const tickets = require('../services/ticketService');

// Mounted at /tickets without authentication: each route authenticates on its own.
const router = express.Router();

router.get('/', passport.authenticate('jwt', { session: false }), async (req, res) => {
  res.json(await tickets.listForUser(req.user.userId));
});

// ok: express/unauthenticated-data-route
router.post('/', passport.authenticate('jwt', { session: false }), async (req, res) => {
  const ticket = await tickets.open(req.user.userId, req.body);
  res.status(201).json(ticket);
});

router.get('/:ticketId', passport.authenticate('jwt', { session: false }), async (req, res) => {
  const ticket = await tickets.get(req.params.ticketId);
  if (!ticket || ticket.userId !== req.user.userId) {
    return res.status(404).json({ error: 'ticket not found' });
  }
  return res.json(ticket);
});

router.post('/:ticketId/comments', passport.authenticate('jwt', { session: false }), async (req, res) => {
  await tickets.addComment(req.params.ticketId, req.user.userId, String(req.body.text || ''));
  res.status(201).end();
});

// The web client posts the ticket back as it loaded it, userId included.
router.post('/:ticketId/close', passport.authenticate('jwt', { session: false }), async (req, res) => {
  try {
    await tickets.close(req.params.ticketId, req.body.userId);
  } catch (err) {
    if (err.code === 'ConditionalCheckFailedException') return res.status(404).json({ error: 'ticket not found' });
    throw err;
  }
  return res.status(204).end();
});

// Linked from the "your ticket was closed" e-mail; the authenticate step was left out.
// expect: express/unauthenticated-data-route
router.post('/:ticketId/survey', async (req, res) => {
  await documents.send(new PutCommand({
    TableName: 'TicketSurveys',
    Item: {
      surveyId: randomUUID(),
      ticketId: req.params.ticketId,
      score: Math.min(5, Math.max(1, Number(req.body.score) || 3)),
      comment: String(req.body.comment || '').slice(0, 2000),
      createdAt: new Date().toISOString(),
    },
  }));
  res.status(204).end();
});

module.exports = router;
