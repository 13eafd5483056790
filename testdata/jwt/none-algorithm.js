'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const jose = require('jose');
const { expressjwt } = require('express-jwt');
const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const { loadJwtOptions } = require('../config/jwt');

const AUDIENCE = 'api';
const ISSUER = 'https://auth.example.com';
const KEY = process.env.JWT_KEY;

// The accepted list lives far from the verify call.
const ACCEPTED_ALGORITHMS = [
  'HS256',
  // expect: jwt/none-algorithm
  'none',
];

const app = express();

app.use('/v1', (req, res, next) => {
  const token = req.headers['x-auth-token'];
  jwt.verify(token, KEY, { algorithms: ACCEPTED_ALGORITHMS, audience: AUDIENCE, issuer: ISSUER }, (err, claims) => {
    if (err) return res.status(401).json({ error: 'invalid token' });
    req.user = claims;
    return next();
  });
});

function verifyInline(token) {
  // expect: jwt/none-algorithm
  return jwt.verify(token, KEY, { algorithms: ['HS256', 'none'], audience: AUDIENCE, issuer: ISSUER });
}

// Unknown spread: the missing-key rules stay quiet, the 'none' is still reported.
function verifyLoaded(token) {
  // expect: jwt/none-algorithm
  return jwt.verify(token, KEY, { ...loadJwtOptions(), algorithms: ['None'] });
}

function verifyPinned(token) {
  // ok: jwt/none-algorithm
  return jwt.verify(token, KEY, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER });
}

// Unsigned tokens for a "debug" login.
function issueDebugToken(user) {
  // expect: jwt/none-algorithm
  return jwt.sign({ sub: user.id, role: user.role }, null, { algorithm: 'none', expiresIn: '1h' });
}

function issueToken(user) {
  // ok: jwt/none-algorithm
  return jwt.sign({ sub: user.id, role: user.role }, KEY, { algorithm: 'HS256', expiresIn: '1h' });
}

app.post('/login', (req, res) => {
  const user = { id: req.body.username, role: 'member' };
  const token = process.env.DEBUG_LOGIN ? issueDebugToken(user) : issueToken(user);
  // ok: jwt/none-algorithm
  res.cookie('token', token, { httpOnly: true, secure: true, sameSite: 'none' });
  res.json({ ok: true });
});

app.use(
  '/legacy',
  expressjwt({
    secret: KEY,
    // expect: jwt/none-algorithm
    algorithms: ['HS256', 'NONE'],
    audience: AUDIENCE,
    issuer: ISSUER,
  }),
);

passport.use(
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: KEY,
      // expect: jwt/none-algorithm
      algorithms: ['none'],
      audience: AUDIENCE,
      issuer: ISSUER,
    },
    (payload, done) => done(null, payload),
  ),
);

// Fixtures for integration tests: jose's unsecured JWTs.
function makeUnsignedTestToken(sub) {
  // expect: jwt/none-algorithm
  return new jose.UnsecuredJWT({ sub }).setIssuedAt().setExpirationTime('2h').encode();
}

function readUnsignedTestToken(token) {
  // expect: jwt/none-algorithm
  const { payload } = jose.UnsecuredJWT.decode(token, { issuer: ISSUER, audience: AUDIENCE });
  return payload.sub;
}

// ok: jwt/none-algorithm
const logLevel = process.env.LOG_LEVEL || 'none';

module.exports = { app, verifyInline, verifyLoaded, verifyPinned, makeUnsignedTestToken, readUnsignedTestToken, logLevel };
