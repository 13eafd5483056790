'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const jose = require('jose');
const { buildClaims } = require('../lib/claims');

const SECRET = process.env.JWT_SECRET;
const joseKey = new TextEncoder().encode(process.env.JWT_SECRET);
const baseSignOptions = { algorithm: 'HS256', issuer: 'https://api.example.com', expiresIn: '1h' };

const router = express.Router();

router.post('/login', (req, res) => {
  const user = { id: req.body.username, role: 'member' };
  // expect: jwt/sign-without-expiry
  const token = jwt.sign({ sub: user.id, role: user.role }, SECRET);
  res.json({ token });
});

router.post('/login/v2', (req, res, next) => {
  // expect: jwt/sign-without-expiry
  jwt.sign({ sub: req.body.username }, SECRET, { algorithm: 'HS256' }, (err, token) => {
    if (err) return next(err);
    return res.json({ token });
  });
});

router.post('/login/v3', (req, res, next) => {
  // expect: jwt/sign-without-expiry
  jwt.sign({ sub: req.body.username }, SECRET, (err, token) => {
    if (err) return next(err);
    return res.json({ token });
  });
});

class TokenIssuer {
  issueApiKey(accountId) {
    const claims = { sub: accountId, kind: 'api-key' };
    // expect: jwt/sign-without-expiry
    return jwt.sign(claims, SECRET, { algorithm: 'HS256', audience: 'api' });
  }

  issueInvite(email, teamId) {
    // expect: jwt/sign-without-expiry
    return jwt.sign(
      { email, teamId, purpose: 'invite' },
      SECRET,
      { algorithm: 'HS256', issuer: 'https://api.example.com' },
    );
  }

  issueAccess(userId) {
    // ok: jwt/sign-without-expiry
    return jwt.sign({ sub: userId }, SECRET, { algorithm: 'HS256', expiresIn: '15m' });
  }

  issueWithExp(userId) {
    const payload = { sub: userId, exp: Math.floor(Date.now() / 1000) + 60 * 60 };
    // ok: jwt/sign-without-expiry
    return jwt.sign(payload, SECRET, { algorithm: 'HS256' });
  }

  issueWithBase(userId) {
    // ok: jwt/sign-without-expiry
    return jwt.sign({ sub: userId }, SECRET, { ...baseSignOptions, audience: 'web' });
  }

  // A string payload cannot carry exp.
  issueResetToken(userId) {
    // ok: jwt/sign-without-expiry
    return jwt.sign(`reset:${userId}`, SECRET, { algorithm: 'HS256' });
  }

  // Payload and options from the caller: unresolvable.
  issueCustom(payload, options) {
    // ok: jwt/sign-without-expiry
    return jwt.sign(payload, SECRET, options);
  }

  issueFromClaims(user) {
    // ok: jwt/sign-without-expiry
    return jwt.sign(buildClaims(user), SECRET, { algorithm: 'HS256' });
  }

  async issueJose(userId) {
    // expect: jwt/sign-without-expiry
    return new jose.SignJWT({ sub: userId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setIssuer('https://api.example.com')
      .sign(joseKey);
  }

  async issueJoseExpiring(userId) {
    // ok: jwt/sign-without-expiry
    return new jose.SignJWT({ sub: userId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(joseKey);
  }
}

module.exports = { router, TokenIssuer };
