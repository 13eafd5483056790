'use strict';

const { randomUUID, randomBytes, scryptSync, timingSafeEqual } = require('crypto');
const express = require('express');
const jwt = require('jsonwebtoken');
const db = require('../lib/db');
const { HttpError } = require('../lib/ownership');
const { requireAuth } = require('../middleware/auth');
const invites = require('./invites');
const projects = require('./projects');
const users = require('./users');

const PRIVATE_KEY = process.env.JWT_PRIVATE_KEY;
const SIGN_OPTIONS = {
  algorithm: 'RS256',
  audience: 'projects-api',
  issuer: 'https://id.example.com/',
  expiresIn: '15m',
};
// expect: jwt/hardcoded-secret
const REFRESH_SECRET = process.env.REFRESH_SECRET ?? 'nr-refresh-secret';

function hashPassword(password) {
  const salt = randomBytes(16).toString('hex');
  return `${salt}:${scryptSync(String(password), salt, 32).toString('hex')}`;
}

function checkPassword(user, password) {
  const [salt, hash] = String(user.passwordHash || '').split(':');
  if (!salt || !hash) return false;
  return timingSafeEqual(Buffer.from(hash, 'hex'), scryptSync(String(password), salt, 32));
}

// Mounted at /api by app.js.
const api = express.Router();
const v1 = express.Router();

// Sign-up and sign-in come first: they cannot require a token.

// ok: express/unauthenticated-data-route
api.post('/auth/signup', async (req, res) => {
  const user = {
    userId: randomUUID(),
    email: String(req.body.email || '').toLowerCase(),
    passwordHash: hashPassword(req.body.password),
    roles: [],
    createdAt: new Date().toISOString(),
  };
  await db.createUser(user);
  res.status(201).json({ userId: user.userId });
});

// ok: express/unauthenticated-data-route
api.post('/auth/login', async (req, res) => {
  const user = await db.findUserByEmail(String(req.body.email || '').toLowerCase());
  if (!user || !checkPassword(user, req.body.password)) throw new HttpError(401, 'bad credentials');
  // ok: jwt/sign-without-expiry
  const accessToken = jwt.sign({ sub: user.userId, email: user.email, roles: user.roles }, PRIVATE_KEY, SIGN_OPTIONS);
  // Refresh tokens are "revoked by rotating the secret", so they were given no lifetime.
  // expect: jwt/sign-without-expiry
  const refreshToken = jwt.sign({ sub: user.userId, typ: 'refresh' }, REFRESH_SECRET, {
    algorithm: 'HS256',
    audience: 'projects-refresh',
    issuer: 'https://id.example.com/',
  });
  res.json({ accessToken, refreshToken });
});

api.post('/auth/refresh', async (req, res) => {
  let claims;
  try {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    claims = jwt.verify(String(req.body.refreshToken || ''), REFRESH_SECRET, {
      algorithms: ['HS256'],
      audience: 'projects-refresh',
      issuer: 'https://id.example.com/',
      // Tokens issued before the change above still carry an `exp`.
      // expect: jwt/ignore-expiration
      ignoreExpiration: true,
    });
  } catch (err) {
    throw new HttpError(401, 'invalid refresh token');
  }
  const user = await db.getUser(claims.sub);
  if (!user) throw new HttpError(401, 'account closed');
  // ok: jwt/sign-without-expiry
  const accessToken = jwt.sign({ sub: user.userId, email: user.email, roles: user.roles }, PRIVATE_KEY, SIGN_OPTIONS);
  res.json({ accessToken });
});

// Invite links are opened from an e-mail, often before the person has an account, so the
// invites router is mounted ahead of the token check below.
api.use('/invites', invites);

// Everything registered after this line needs a valid user token.
api.use(requireAuth);
api.use('/v1', v1);

v1.use('/users', users);
v1.use('/projects', projects);

module.exports = api;
