'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');
const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const { defaults } = require('../config/tokens');

const SECRET = process.env.JWT_SECRET;
const AUDIENCE = 'web';
const ISSUER = 'https://auth.example.com';

const lenientOptions = {
  algorithms: ['HS256'],
  audience: AUDIENCE,
  issuer: ISSUER,
  // expect: jwt/ignore-expiration
  ignoreExpiration: true,
};

const router = express.Router();

// Refresh: reads the expired access token to find the user again.
router.post('/token/refresh', (req, res, next) => {
  jwt.verify(req.body.accessToken, SECRET, lenientOptions, (err, claims) => {
    if (err) {
      return res.status(401).json({ error: 'invalid token' });
    }
    res.locals.previous = claims;
    return next();
  });
});

function verifyLoose(token) {
  // expect: jwt/ignore-expiration
  return jwt.verify(token, SECRET, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER, ignoreExpiration: true });
}

function verifyStrict(token) {
  return jwt.verify(token, SECRET, {
    algorithms: ['HS256'],
    audience: AUDIENCE,
    issuer: ISSUER,
    // ok: jwt/ignore-expiration
    ignoreExpiration: false,
  });
}

function verifyTolerant(token) {
  return jwt.verify(token, SECRET, {
    algorithms: ['HS256'],
    audience: AUDIENCE,
    issuer: ISSUER,
    // ok: jwt/ignore-expiration
    clockTolerance: 30,
  });
}

// Unknown spread: nothing about missing keys, but the explicit true is still reported.
function verifyWithDefaults(token) {
  return jwt.verify(token, SECRET, {
    ...defaults,
    // expect: jwt/ignore-expiration
    ignoreExpiration: true,
  });
}

router.use(
  '/reports',
  expressjwt({
    secret: SECRET,
    algorithms: ['HS256'],
    audience: AUDIENCE,
    issuer: ISSUER,
    // expect: jwt/ignore-expiration
    ignoreExpiration: true,
  }),
);

// ok: jwt/ignore-expiration
router.use('/account', expressjwt({ secret: SECRET, algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER }));

passport.use(
  'kiosk',
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromBodyField('token'),
      secretOrKey: SECRET,
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
      // expect: jwt/ignore-expiration
      ignoreExpiration: true,
    },
    (payload, done) => done(null, payload),
  ),
);

passport.use(
  'web',
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: SECRET,
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
      // ok: jwt/ignore-expiration
      ignoreExpiration: false,
    },
    (payload, done) => done(null, payload),
  ),
);

module.exports = { router, verifyLoose, verifyStrict, verifyTolerant, verifyWithDefaults };
