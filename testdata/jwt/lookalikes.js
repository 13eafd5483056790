'use strict';

// Only negatives: names that look like JWT calls but are not bound to a JWT library.
const crypto = require('crypto');
const express = require('express');
const session = require('express-session');
const cookieParser = require('cookie-parser');
const argon2 = require('argon2');
const jws = require('jws');
const speakeasy = require('speakeasy');
const passport = require('passport');
const { Strategy: LocalStrategy } = require('passport-local');
const jwt = require('jsonwebtoken');
const tokens = require('./lib/tokens');

const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY;

// A local helper that happens to be called `verify`: checks a webhook HMAC.
function verify(payload, secret) {
  const expected = crypto.createHmac('sha256', secret).update(payload).digest('hex');
  return (signature) => crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

// Another local one with a jose-like name.
async function jwtVerify(token, keyStore) {
  return keyStore.check(token);
}

// A dependency-injected client: the parameter shadows the top-level import.
function makeAuth(jwt, keyStore) {
  return (req, res, next) => {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    const claims = jwt.verify(req.get('authorization'), keyStore.current());
    if (!claims) return res.status(401).end();
    req.user = claims;
    return next();
  };
}

const app = express();

// ok: jwt/hardcoded-secret
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));

// ok: jwt/hardcoded-secret
app.use(cookieParser('cookie-signing-secret'));

app.post('/webhooks/stripe', (req, res) => {
  // ok: jwt/missing-algorithms, jwt/hardcoded-secret
  const check = verify(req.body.raw, 'whsec_local_only');
  if (!check(req.get('stripe-signature'))) return res.status(400).end();
  return res.sendStatus(204);
});

app.post('/webhooks/github', (req, res) => {
  // ok: jwt/hardcoded-secret
  const digest = crypto.createHmac('sha256', 'gh-webhook-secret').update(req.body.raw).digest('hex');
  if (`sha256=${digest}` !== req.get('x-hub-signature-256')) return res.status(401).end();
  return res.sendStatus(204);
});

app.post('/license', (req, res) => {
  const verifier = crypto.createVerify('RSA-SHA256');
  verifier.update(req.body.license);
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  const valid = verifier.verify(PUBLIC_KEY, req.body.signature, 'base64');
  // ok: jwt/sign-without-expiry
  const receipt = crypto.createSign('RSA-SHA256').update(req.body.license).sign(process.env.PRIVATE_KEY, 'base64');
  res.json({ valid, receipt });
});

app.post('/password', async (req, res) => {
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  const ok = await argon2.verify(req.body.hash, req.body.password);
  res.json({ ok });
});

app.post('/otp', (req, res) => {
  // ok: jwt/hardcoded-secret
  const ok = speakeasy.totp.verify({ secret: 'JBSWY3DPEHPK3PXP', encoding: 'base32', token: req.body.code });
  res.json({ ok });
});

app.post('/jws', (req, res) => {
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer, jwt/hardcoded-secret
  const ok = jws.verify(req.body.signature, 'HS256', 'jws-shared-secret');
  res.json({ ok });
});

app.get('/session-token', async (req, res) => {
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  const claims = await tokens.verify(req.cookies.session);
  // ok: jwt/sign-without-expiry, jwt/hardcoded-secret
  const renewed = await tokens.sign({ sub: claims.sub }, 'local-module-secret');
  // ok: jwt/missing-audience, jwt/missing-issuer
  const valid = await jwtVerify(renewed, tokens.keyStore);
  res.json({ token: renewed, valid });
});

// Not JWT options: a cache configuration.
// ok: jwt/ignore-expiration
const cacheOptions = { ttlSeconds: 300, ignoreExpiration: true };
tokens.configureCache(cacheOptions);

passport.use(
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  new LocalStrategy({ usernameField: 'email' }, (email, password, done) => done(null, { email })),
);

// The real library, used correctly.
function verifyAccess(token) {
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  return jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], audience: 'api', issuer: 'https://auth.example.com' });
}

module.exports = { app, makeAuth, verifyAccess };
