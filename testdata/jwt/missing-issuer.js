'use strict';

// Legacy service: express-jwt 6 (default export), jsonwebtoken under its own name.
const util = require('util');
const express = require('express');
const jwt = require('express-jwt');
const jsonwebtoken = require('jsonwebtoken');
const passport = require('passport');
const JwtStrategy = require('passport-jwt').Strategy;
const ExtractJwt = require('passport-jwt').ExtractJwt;
const { buildVerifyOptions } = require('../lib/jwt-options');

const AUDIENCE = 'inventory';
const ISSUERS = ['https://sso.example.com', 'https://sso-backup.example.com'];
const KEY = process.env.JWT_PUBLIC_KEY;

const verifyAsync = util.promisify(jsonwebtoken.verify);

const app = express();

// expect: jwt/missing-issuer
app.use('/api', jwt({ secret: KEY, algorithms: ['RS256'], audience: AUDIENCE }));

// ok: jwt/missing-issuer
app.use('/internal', jwt({ secret: KEY, algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUERS }));

function requireToken(req, res, next) {
  const token = req.query.access_token;
  try {
    // expect: jwt/missing-issuer
    req.user = jsonwebtoken.verify(token, KEY, { algorithms: ['RS256'], audience: AUDIENCE });
    next();
  } catch (e) {
    res.status(401).json({ error: e.message });
  }
}

function requireTokenStrict(req, res, next) {
  const token = req.query.access_token;
  try {
    // ok: jwt/missing-issuer
    req.user = jsonwebtoken.verify(token, KEY, { algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUERS });
    next();
  } catch (e) {
    res.status(401).json({ error: e.message });
  }
}

function requireCookie(req, res, next) {
  let options = { algorithms: ['RS256'], audience: AUDIENCE };
  // expect: jwt/missing-issuer
  jsonwebtoken.verify(req.cookies.jwt, KEY, options, function onVerified(err, decoded) {
    if (err) {
      return res.status(401).json({ error: 'invalid session' });
    }
    req.user = decoded;
    return next();
  });
}

// Options returned by a call cannot be resolved.
function requireBuilt(req, res, next) {
  // ok: jwt/missing-issuer
  jsonwebtoken.verify(req.cookies.jwt, KEY, buildVerifyOptions(req.hostname), (err, decoded) => {
    if (err) return res.sendStatus(401);
    req.user = decoded;
    return next();
  });
}

async function requirePromisified(req, res, next) {
  try {
    // expect: jwt/missing-issuer
    req.user = await verifyAsync(req.get('x-token'), KEY, { algorithms: ['RS256'], audience: AUDIENCE });
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'unauthorized' });
  }
}

async function verifyWithJose(token) {
  const { jwtVerify, createRemoteJWKSet } = await import('jose');
  const jwks = createRemoteJWKSet(new URL('https://sso.example.com/jwks'));
  // expect: jwt/missing-issuer
  const { payload } = await jwtVerify(token, jwks, { audience: AUDIENCE });
  // ok: jwt/missing-issuer
  const checked = await jwtVerify(token, jwks, { audience: AUDIENCE, issuer: ISSUERS[0] });
  return { payload, checked: checked.payload };
}

passport.use(
  // expect: jwt/missing-issuer
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromHeader('x-token'),
      secretOrKey: KEY,
      algorithms: ['RS256'],
      audience: AUDIENCE,
    },
    (payload, done) => done(null, payload),
  ),
);

passport.use(
  'sso',
  // ok: jwt/missing-issuer
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromHeader('x-token'),
      secretOrKey: KEY,
      algorithms: ['RS256'],
      jsonWebTokenOptions: { audience: AUDIENCE, issuer: ISSUERS },
    },
    (payload, done) => done(null, payload),
  ),
);

app.get('/items', requireToken, requireTokenStrict, requireCookie, requireBuilt, requirePromisified, (req, res) => {
  res.json({ user: req.user.sub });
});

module.exports = { app, verifyWithJose };
