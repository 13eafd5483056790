'use strict';

// Only negatives for the dataflow rules: functions called decode / verify / jwtDecode that are
// not bound to a JWT library, base64 and JSON parsing of things that are not a token payload,
// and callbacks and catches that are not around a JWT verify.
const crypto = require('crypto');
const express = require('express');
const entities = require('html-entities');
const jwt = require('jsonwebtoken');
const sessions = require('./sessions');
const captcha = require('./captcha');
const users = require('../services/users');

const app = express();
const SIGNING_KEY = process.env.JWT_PRIVATE_KEY;
const VERIFY_OPTIONS = { algorithms: ['RS256'], audience: 'api', issuer: 'https://idp.example' };
const keyring = { k1: process.env.JWT_KEY_1, k2: process.env.JWT_KEY_2 };

// A local `decode` for opaque server-side session ids; the session store is the authority.
function decode(sessionId) {
  return Buffer.from(sessionId, 'base64url').toString('hex');
}

// A local `verify` with a Node-style callback: an HMAC check of a signed preferences cookie.
function verify(value, secret, callback) {
  const [data, mac] = String(value).split('.');
  const expected = crypto.createHmac('sha256', secret).update(data).digest('base64url');
  const ok = typeof mac === 'string' && mac.length === expected.length
    && crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
  callback(ok ? null : new Error('bad signature'), ok ? data : undefined);
}

// A project helper named like the library; it reads the header segment only.
function jwtDecode(token) {
  // ok: jwt/decode-without-verify
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
}

app.use(async (req, res, next) => {
  const sid = req.cookies.sid;
  if (!sid) return next();
  // ok: jwt/decode-without-verify
  req.user = await sessions.lookup(decode(sid));
  return next();
});

app.get('/prefs', (req, res) => {
  // ok: jwt/unchecked-verify-error
  verify(req.cookies.prefs, process.env.COOKIE_SECRET, (err, data) => {
    res.json({ theme: data || 'light' });
  });
});

app.get('/search', (req, res) => {
  // ok: jwt/decode-without-verify
  res.locals.query = entities.decode(String(req.query.q || ''));
  res.render('search');
});

// HTTP Basic credentials: base64, but not a token payload, and checked against a hash.
async function basicAuth(req, res, next) {
  const [scheme, encoded] = (req.get('authorization') || '').split(' ');
  if (scheme !== 'Basic' || !encoded) return res.sendStatus(401);
  // ok: jwt/decode-without-verify
  const [name, password] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  const account = await users.checkPassword(name, password);
  if (!account) return res.sendStatus(401);
  req.user = { id: account.id, role: account.role };
  return next();
}

// A pagination cursor and an OAuth state parameter: JSON in base64, not a token.
app.get('/feed', basicAuth, (req, res) => {
  const raw = String(req.query.cursor || '');
  // ok: jwt/decode-without-verify
  res.locals.cursor = raw ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : null;
  res.json({ items: [], after: res.locals.cursor });
});

app.get('/oauth/return', (req, res) => {
  // ok: jwt/decode-without-verify
  const state = JSON.parse(atob(String(req.query.state)));
  res.locals.returnTo = state.returnTo;
  res.redirect(state.returnTo.startsWith('/') ? state.returnTo : '/');
});

// The local jwtDecode picks the key; the token is verified before it is used.
function keyedAuth(req, res, next) {
  const token = (req.get('authorization') || '').replace(/^Bearer /, '');
  // ok: jwt/decode-without-verify
  const { kid } = jwtDecode(token);
  try {
    req.user = jwt.verify(token, keyring[kid], VERIFY_OPTIONS);
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
  return next();
}

app.get('/keyed', keyedAuth, (req, res) => res.json(req.user));

// A catch around a captcha check, not a JWT verify.
app.post('/contact', express.json(), async (req, res, next) => {
  try {
    await captcha.verify(req.body.captchaToken);
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    return next();
  }
  return res.sendStatus(202);
});

// crypto.verify with a callback that ignores its error: a signature check, not a JWT.
app.post('/license', express.json(), (req, res) => {
  const data = Buffer.from(req.body.license);
  const signature = Buffer.from(req.body.signature, 'base64');
  // ok: jwt/unchecked-verify-error
  crypto.verify('sha256', data, process.env.LICENSE_PUBLIC_KEY, signature, (err, valid) => {
    res.json({ valid });
  });
});

// jwt.sign's callback ignores its error: not a verify.
app.post('/login', express.json(), async (req, res) => {
  const user = await users.checkPassword(req.body.email, req.body.password);
  if (!user) return res.sendStatus(401);
  const options = { algorithm: 'RS256', expiresIn: '1h', audience: 'api', issuer: 'https://idp.example' };
  // ok: jwt/unchecked-verify-error
  jwt.sign({ sub: user.id }, SIGNING_KEY, options, (err, token) => {
    res.json({ token });
  });
});

module.exports = app;
