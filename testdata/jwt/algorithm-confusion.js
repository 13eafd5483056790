'use strict';

const fs = require('fs');
const express = require('express');
const jwt = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');
const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');

const AUDIENCE = 'catalog';
const ISSUER = 'https://idp.example.com';
// The same PEM is handed to every verify: with HS* allowed it doubles as an HMAC secret.
const PUBLIC_KEY = fs.readFileSync(process.env.JWT_PUBLIC_KEY_PATH, 'utf8');

// expect: jwt/algorithm-confusion
const SUPPORTED_ALGORITHMS = [
  'RS256',
  'HS256',
];

const app = express();

function fromHeader(req) {
  return (req.headers.authorization || '').replace(/^Bearer\s+/i, '');
}

app.use('/catalog', (req, res, next) => {
  try {
    req.user = jwt.verify(fromHeader(req), PUBLIC_KEY, {
      algorithms: SUPPORTED_ALGORITHMS,
      audience: AUDIENCE,
      issuer: ISSUER,
    });
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'unauthorized' });
  }
});

function verifyPartner(token) {
  // expect: jwt/algorithm-confusion
  return jwt.verify(token, PUBLIC_KEY, { algorithms: ['HS256', 'RS256'], audience: AUDIENCE, issuer: ISSUER });
}

function verifyEdge(token) {
  // expect: jwt/algorithm-confusion
  return jwt.verify(token, PUBLIC_KEY, { algorithms: ['EdDSA', 'HS256'], audience: AUDIENCE, issuer: ISSUER });
}

// Two asymmetric families together are fine.
function verifyMultiIdp(token) {
  // ok: jwt/algorithm-confusion
  return jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256', 'ES256'], audience: AUDIENCE, issuer: ISSUER });
}

// HMAC only, several sizes: fine.
function verifyInternal(token) {
  // ok: jwt/algorithm-confusion
  return jwt.verify(token, process.env.INTERNAL_SECRET, { algorithms: ['HS256', 'HS512'], audience: AUDIENCE, issuer: ISSUER });
}

function verifyCallback(req, res, next) {
  const options = {
    // expect: jwt/algorithm-confusion
    algorithms: ['PS256', 'HS384'],
    audience: AUDIENCE,
    issuer: ISSUER,
  };
  jwt.verify(req.cookies.token, PUBLIC_KEY, options, (err, claims) => {
    if (err) {
      return res.status(401).end();
    }
    req.user = claims;
    return next();
  });
}

// ok: jwt/algorithm-confusion
const ASYMMETRIC = ['RS256', 'PS256', 'ES384', 'EdDSA'];

// expect: jwt/algorithm-confusion
app.use('/search', expressjwt({ secret: PUBLIC_KEY, algorithms: ['RS256', 'HS512'], audience: AUDIENCE, issuer: ISSUER }));

app.use('/browse', expressjwt({ secret: PUBLIC_KEY, algorithms: ASYMMETRIC, audience: AUDIENCE, issuer: ISSUER }));

// ok: jwt/algorithm-confusion
app.use('/admin', expressjwt({ secret: process.env.ADMIN_SECRET, algorithms: ['HS256', 'HS384'], audience: AUDIENCE, issuer: ISSUER }));

passport.use(
  'idp',
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: PUBLIC_KEY,
      // expect: jwt/algorithm-confusion
      algorithms: ['ES256', 'HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    },
    (payload, done) => done(null, payload),
  ),
);

passport.use(
  'idp-strict',
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: PUBLIC_KEY,
      // ok: jwt/algorithm-confusion
      algorithms: ['RS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    },
    (payload, done) => done(null, payload),
  ),
);

module.exports = { app, verifyPartner, verifyEdge, verifyMultiIdp, verifyInternal, verifyCallback };
