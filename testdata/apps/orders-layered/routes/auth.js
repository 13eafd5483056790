'use strict';

const express = require('express');
const authService = require('../services/authService');
const users = require('../repositories/userRepository');

// Mounted at /auth with no authentication in front of it: these are how a user gets a token.
const router = express.Router();

// ok: express/unauthenticated-data-route
router.post('/login', async (req, res, next) => {
  try {
    const { email, password } = req.body;
    const user = await users.findByEmail(email);
    if (!user || !(await authService.checkPassword(password, user.passwordHash))) {
      return res.status(401).json({ error: 'wrong e-mail or password' });
    }
    return res.json(authService.issueTokens(user));
  } catch (err) {
    return next(err);
  }
});

// ok: express/unauthenticated-data-route
router.post('/register', async (req, res, next) => {
  try {
    const { email, name, password } = req.body;
    if (!email || !password || String(password).length < 10) {
      return res.status(400).json({ error: 'e-mail and a password of 10+ characters are required' });
    }
    if (await users.findByEmail(email)) {
      return res.status(409).json({ error: 'an account with that e-mail exists' });
    }
    const user = await users.create({ email, name, passwordHash: await authService.hashPassword(password) });
    return res.status(201).json(authService.issueTokens(user));
  } catch (err) {
    return next(err);
  }
});

router.post('/refresh', async (req, res, next) => {
  let claims;
  try {
    claims = authService.verifyRefreshToken(String(req.body.refreshToken || ''));
  } catch {
    return res.status(401).json({ error: 'invalid refresh token' });
  }
  try {
    const user = await users.findById(claims.sub);
    if (!user || (user.tokenVersion || 0) !== claims.ver) {
      return res.status(401).json({ error: 'session ended' });
    }
    return res.json(authService.issueTokens(user));
  } catch (err) {
    return next(err);
  }
});

module.exports = router;
