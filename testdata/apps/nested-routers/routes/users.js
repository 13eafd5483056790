'use strict';

const express = require('express');
const db = require('../lib/db');
const { HttpError } = require('../lib/ownership');
const { protect, requireRole } = require('../middleware/auth');

// Mounted at /api/v1/users, behind the api-level requireAuth: req.user is the verified caller.
const users = express.Router();

// Every route with :id gets the account preloaded into req.target. The `id` argument is
// req.params.id, i.e. request input, and nothing here ties it to req.user.
users.param('id', (req, res, next, id) => {
  db.getUser(id)
    .then((user) => {
      if (!user) return next(new HttpError(404, 'user not found'));
      req.target = user;
      return next();
    })
    .catch(next);
});

// ok: express/unauthenticated-data-route
users.route('/me')
  .get(async (req, res) => {
    res.json(await db.getUser(req.user.id));
  })
  .patch(async (req, res) => {
    await db.updateProfile(req.user.id, {
      displayName: String(req.body.displayName || '').slice(0, 80),
      bio: String(req.body.bio || '').slice(0, 500),
    });
    res.status(204).end();
  });

// Support console: ?by=email&value=alice@example.com
users.get('/', requireRole('support'), async (req, res) => {
  const by = String(req.query.by || 'email');
  res.json(await db.findUsersBy(by, String(req.query.value || '')));
});

// "Profile card" for mentions: any signed-in user can load any account, e-mail and roles
// included.
users.get('/:id', (req, res) => {
  const { userId, displayName, bio, email, roles } = req.target;
  res.json({ userId, displayName, bio, email, roles });
});

// Admins close accounts: `protect` is [requireAuth, requireRole('admin')].
// ok: express/unauthenticated-data-route
users.delete('/:id', protect, async (req, res) => {
  await db.deleteUser(req.params.id);
  res.status(204).end();
});

module.exports = users;
