'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const db = require('../lib/db');
const { HttpError } = require('../lib/ownership');

// Mounted by routes/api.js at /api/invites BEFORE `api.use(requireAuth)`: nothing on the way
// authenticates these routes. The invite code in the key is request input, but no verified
// identity exists here, so per the ddb/key-from-request decision the missing authentication is
// reported (express/unauthenticated-data-route), not the key. A decoded, unverified token is
// not a known caller either.
const invites = express.Router();

// expect: express/unauthenticated-data-route
invites.get('/:code', async (req, res) => {
  const invite = await db.getInvite(req.params.code);
  if (!invite || invite.acceptedBy) throw new HttpError(404, 'invite not found');
  res.json({ projectName: invite.projectName, role: invite.role, invitedBy: invite.invitedByName });
});

// expect: express/unauthenticated-data-route
invites.post('/:code/accept', async (req, res) => {
  const invite = await db.getInvite(req.params.code);
  if (!invite || invite.acceptedBy) throw new HttpError(404, 'invite not found');
  // A signed-in user's SPA sends its bearer token; "we only need the user id from it".
  const token = (req.get('authorization') || '').replace(/^Bearer /, '');
  // expect: jwt/decode-without-verify
  const claims = token ? jwt.decode(token) : null;
  const userId = claims && claims.sub ? claims.sub : String(req.body.userId || '');
  if (!userId) throw new HttpError(400, 'userId required');
  await db.acceptInvite(invite, userId);
  res.status(204).end();
});

module.exports = invites;
