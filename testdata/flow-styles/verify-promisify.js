'use strict';

// Style: jsonwebtoken verify wrapped in util.promisify and in hand-written promises, used with
// try/catch and with `.then()`; middleware factories and `function` callbacks; decodes used to
// route to a verifier or to read the expiry of a token the server just signed.
const util = require('util');
const express = require('express');
const jsonwebtoken = require('jsonwebtoken');
const { verify: check } = require('jsonwebtoken');

const verifyAsync = util.promisify(jsonwebtoken.verify);
const OPTS = { algorithms: ['RS256'], audience: 'billing-api', issuer: 'https://auth.example.com/' };
const PARTNER_OPTS = { algorithms: ['ES256'], audience: 'billing-api', issuer: 'https://partners.example.com/' };
const KEY = process.env.JWT_PUBLIC_KEY;
const router = express.Router();

// A bad token becomes anonymous access: the catch continues the request.
async function softAuth(req, res, next) {
  try {
    req.user = await verifyAsync(req.cookies.session, KEY, OPTS);
    // expect: jwt/unchecked-verify-error
  } catch (e) {
    req.user = null;
    return next();
  }
  return next();
}

// Optional auth done right: no token passes as anonymous, a bad token is rejected.
async function optionalAuth(req, res, next) {
  const token = req.cookies.session;
  if (!token) return next();
  try {
    req.user = await verifyAsync(token, KEY, OPTS);
    // ok: jwt/unchecked-verify-error
  } catch (e) {
    return next(Object.assign(new Error('invalid session'), { status: 401 }));
  }
  return next();
}

// The catch trusts the decoded payload of the token that just failed verification.
const lenientAuth = async (req, res, next) => {
  const token = req.get('x-access-token');
  try {
    req.user = await verifyAsync(token, KEY, OPTS);
    // expect: jwt/unchecked-verify-error
  } catch (err) {
    // expect: jwt/decode-without-verify
    req.user = jsonwebtoken.decode(token);
  }
  next();
};

// A `function` callback whose error parameter is declared but never read.
function legacyAuth(req, res, next) {
  // expect: jwt/unchecked-verify-error
  jsonwebtoken.verify(req.query.access_token, KEY, OPTS, function (error, decoded) {
    req.user = decoded;
    next();
  });
}

// The same mistake through a renamed import: the error is never read.
function cookieAuth(req, res, next) {
  // expect: jwt/unchecked-verify-error
  check(req.cookies.session, KEY, OPTS, (err, claims) => {
    req.user = claims;
    next();
  });
}

// A hand-written promise wrapper that rejects, then `.then(...).catch(next)`.
const verifyToken = (token) => new Promise((resolve, reject) => {
  // ok: jwt/unchecked-verify-error
  jsonwebtoken.verify(token, KEY, OPTS, (err, decoded) => (err ? reject(err) : resolve(decoded)));
});
function promiseAuth(req, res, next) {
  verifyToken(req.get('authorization')?.replace('Bearer ', ''))
    .then((claims) => { req.user = claims; next(); })
    .catch(next);
}

// A factory whose callback checks only for expiry and carries on for every other error.
const authFor = (audience) => (req, res, next) => {
  // expect: jwt/unchecked-verify-error
  jsonwebtoken.verify(req.get('x-token'), KEY, { ...OPTS, audience }, (err, claims) => {
    if (err && err.name === 'TokenExpiredError') return res.status(401).send('expired');
    req.user = claims;
    return next();
  });
};

// The issuer is read from a decode only to pick the verifier; the token is then verified.
async function multiIssuer(req, res, next) {
  const token = (req.get('authorization') || '').slice(7);
  // ok: jwt/decode-without-verify
  const unverified = jsonwebtoken.decode(token);
  const options = unverified && unverified.iss === 'https://partners.example.com/' ? PARTNER_OPTS : OPTS;
  try {
    req.user = await verifyAsync(token, KEY, options);
  } catch (err) {
    return res.sendStatus(401);
  }
  return next();
}

// Claims read by a decode first, then the same token verified before they are used.
function decodeThenVerify(req, res, next) {
  const token = req.get('x-access-token');
  // ok: jwt/decode-without-verify
  const claims = jsonwebtoken.decode(token);
  try {
    jsonwebtoken.verify(token, KEY, OPTS);
  } catch (err) {
    return res.status(401).end();
  }
  req.user = { id: claims.sub, roles: claims.roles };
  return next();
}

// The same with a callback that leaves on error.
function decodeThenVerifyCb(req, res, next) {
  const token = req.get('x-access-token');
  // ok: jwt/decode-without-verify
  const claims = jsonwebtoken.decode(token);
  // ok: jwt/unchecked-verify-error
  jsonwebtoken.verify(token, KEY, OPTS, (err) => {
    if (err) return res.status(401).end();
    req.user = claims;
    return next();
  });
}

// Decoding a token the server has just signed, to tell the client when it expires.
router.post('/session/refresh', promiseAuth, (req, res) => {
  const fresh = jsonwebtoken.sign({ sub: req.user.sub }, process.env.JWT_PRIVATE_KEY, { algorithm: 'RS256', expiresIn: '15m' });
  // ok: jwt/decode-without-verify
  const { exp } = jsonwebtoken.decode(fresh);
  res.json({ token: fresh, expiresAt: exp });
});

router.get('/invoices', softAuth, optionalAuth, (req, res) => res.json({ user: req.user }));
router.get('/statements', lenientAuth, (req, res) => res.json(req.user));
router.get('/cookie', cookieAuth, (req, res) => res.json(req.user));
router.get('/legacy', legacyAuth, (req, res) => res.json(req.user));
router.get('/admin', authFor('billing-admin'), multiIssuer, (req, res) => res.json(req.user));
router.get('/ledger', decodeThenVerify, decodeThenVerifyCb, (req, res) => res.json(req.user));

module.exports = router;
