'use strict';

const { randomUUID } = require('crypto');
const express = require('express');
const db = require('../lib/db');
const { HttpError } = require('../lib/ownership');
const { requirePartner } = require('../middleware/auth');

// Mounted at /partner by app.js, with no authentication at the mount. Each sub-router was
// supposed to bring its own.

// /partner/reports: read-only usage numbers for integrators holding a partner token.
const reports = express.Router();
reports.use(requirePartner);

// ok: express/unauthenticated-data-route
reports.get('/projects/:projectId/usage', async (req, res) => {
  const scopes = String(req.partner.scope || '').split(' ');
  if (!scopes.includes('usage:read')) throw new HttpError(403, 'scope usage:read required');
  const usage = await db.getUsage(req.params.projectId);
  if (!usage) throw new HttpError(404, 'not found');
  res.json(usage);
});

// /partner/feeds: the CI integration pushes build events here. Only `reports` got the
// `use(requirePartner)`.
const feeds = express.Router();

// expect: express/unauthenticated-data-route
feeds.get('/:projectId/events', async (req, res) => {
  res.json(await db.listEvents(req.params.projectId));
});

// expect: express/unauthenticated-data-route
feeds.post('/:projectId/events', async (req, res) => {
  await db.putEvent({
    projectId: req.params.projectId,
    eventId: randomUUID(),
    type: String(req.body.type || 'build'),
    status: ['passed', 'failed', 'running'].includes(req.body.status) ? req.body.status : 'running',
    at: new Date().toISOString(),
  });
  res.status(202).end();
});

const partner = express.Router();
partner.use('/reports', reports);
partner.use('/feeds', feeds);

module.exports = partner;
