'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');
const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const { jwtOptions } = require('../config/auth');

const router = express.Router();

const AUDIENCE = 'api.example.com';
const ISSUER = 'https://auth.example.com/';
const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY;

const verifyOptions = {
  audience: AUDIENCE,
  issuer: ISSUER,
  clockTolerance: 5,
};

const opts = { audience: AUDIENCE, issuer: ISSUER };

const config = {
  jwt: { audience: AUDIENCE, issuer: ISSUER, maxAge: '1h' },
};

// Sync verify in a try/catch: options name audience and issuer but no algorithms.
function requireAuth(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    // expect: jwt/missing-algorithms
    req.user = jwt.verify(token, PUBLIC_KEY, { audience: AUDIENCE, issuer: ISSUER });
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
}

// Callback verify with options resolved through a top-level const.
function cookieAuth(req, res, next) {
  // expect: jwt/missing-algorithms
  jwt.verify(req.cookies.session, PUBLIC_KEY, verifyOptions, (err, claims) => {
    if (err) {
      return res.status(401).json({ error: 'unauthorized' });
    }
    req.user = claims;
    return next();
  });
}

// No options at all: the callback sits in the options slot.
function legacyAuth(req, res, next) {
  // expect: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  jwt.verify(req.get('x-access-token'), PUBLIC_KEY, (err, payload) => {
    if (err) return next(err);
    req.user = payload;
    return next();
  });
}

// `opts` here is the parameter, not the top-level const: unresolvable, not flagged.
function makeVerifier(opts) {
  return function verifyBearer(token) {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, PUBLIC_KEY, opts);
  };
}

// The top-level `opts` lacks algorithms.
function verifyServiceToken(token) {
  // expect: jwt/missing-algorithms
  return jwt.verify(token, PUBLIC_KEY, opts);
}

// A spread of a resolvable base still lacks algorithms.
function verifyRefresh(token) {
  // expect: jwt/missing-algorithms
  return jwt.verify(token, PUBLIC_KEY, { ...verifyOptions, maxAge: '7d' });
}

// Property of a same-file config object.
function verifyWithConfig(token) {
  // expect: jwt/missing-algorithms
  return jwt.verify(token, PUBLIC_KEY, config.jwt);
}

// Options imported from another module cannot be resolved.
function verifyImported(token) {
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  return jwt.verify(token, PUBLIC_KEY, jwtOptions);
}

// Properties assigned after `const o = {}` are seen.
function verifyAssembled(token) {
  const o = {};
  o.algorithms = ['RS256'];
  o.audience = AUDIENCE;
  o.issuer = ISSUER;
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  return jwt.verify(token, PUBLIC_KEY, o);
}

router.get('/me', requireAuth, cookieAuth, legacyAuth, (req, res) => {
  res.json({ id: req.user.sub });
});

router.use(
  '/admin',
  // expect: jwt/missing-algorithms
  expressjwt({ secret: PUBLIC_KEY, audience: AUDIENCE, issuer: ISSUER }),
);

router.use(
  '/reports',
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  expressjwt({ secret: PUBLIC_KEY, algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUER }),
);

passport.use(
  'jwt',
  // expect: jwt/missing-algorithms
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: PUBLIC_KEY,
      issuer: ISSUER,
      audience: AUDIENCE,
    },
    (payload, done) => done(null, { id: payload.sub }),
  ),
);

module.exports = { router, makeVerifier, verifyServiceToken, verifyRefresh, verifyWithConfig, verifyImported, verifyAssembled };
