'use strict';

// Both dataflow rules in one auth module: a verify whose failure does not leave the path makes
// the decode next to it a decode without verify, so several cases carry both findings on
// different lines. The correct versions sit alongside.
const express = require('express');
const cookieParser = require('cookie-parser');
const jwt = require('jsonwebtoken');
const { jwtDecode } = require('jwt-decode');
const { createRemoteJWKSet, decodeJwt, jwtVerify } = require('jose');

const app = express();
const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY;
const SIGNING_KEY = process.env.JWT_PRIVATE_KEY;
const VERIFY_OPTIONS = { algorithms: ['RS256'], audience: 'api', issuer: 'https://idp.example' };
const JWKS = createRemoteJWKSet(new URL('https://idp.example/.well-known/jwks.json'));

function readToken(req) {
  const header = req.headers.authorization;
  if (header && header.startsWith('Bearer ')) return header.slice(7);
  return req.cookies.access_token;
}

// The catch only logs, so the decode below runs for tokens that just failed verification.
function authenticate(req, res, next) {
  const token = readToken(req);
  try {
    jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS);
    // expect: jwt/unchecked-verify-error
  } catch (err) {
    console.warn('jwt verify failed, continuing', err.message);
  }
  // expect: jwt/decode-without-verify
  req.user = jwt.decode(token);
  next();
}

// The callback attaches the error to the request and decodes the same token anyway.
function legacySession(req, res, next) {
  const token = req.cookies.sid;
  // expect: jwt/unchecked-verify-error
  jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS, (err) => {
    if (err) req.authError = err.message;
    // expect: jwt/decode-without-verify
    res.locals.session = jwtDecode(token);
    next();
  });
}

// On an expired token the catch trusts the payload anyway ("clock skew, probably").
function tolerantAuth(req, res, next) {
  const token = readToken(req);
  try {
    req.user = jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS);
    // expect: jwt/unchecked-verify-error
  } catch (err) {
    if (err.name !== 'TokenExpiredError') return res.status(401).json({ error: 'invalid token' });
    // expect: jwt/decode-without-verify
    req.user = jwt.decode(token);
  }
  next();
}

// The verify runs only in production; on every other path the decode is trusted as is.
function devFriendlyAuth(req, res, next) {
  const token = readToken(req);
  if (process.env.NODE_ENV === 'production') {
    try {
      jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS);
      // ok: jwt/unchecked-verify-error
    } catch (err) {
      return res.status(401).json({ error: 'invalid token' });
    }
  }
  // expect: jwt/decode-without-verify
  req.user = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  next();
}

// The decode sits in a helper; its result reaches req.auth in the caller.
function claimsOf(token) {
  // expect: jwt/decode-without-verify
  return decodeJwt(token);
}

function gatewayAuth(req, res, next) {
  const token = readToken(req);
  if (!token) return res.sendStatus(401);
  req.auth = claimsOf(token);
  next();
}

// Negative: the helper verifies before it decodes, and the caller's catch responds 401.
function verifiedToken(token) {
  jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS);
  // ok: jwt/decode-without-verify
  return jwt.decode(token, { complete: true });
}

function requireUser(req, res, next) {
  try {
    const { header, payload } = verifiedToken(readToken(req));
    req.user = { id: payload.sub, keyId: header.kid };
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
  return next();
}

// Negative: an awaited jwtVerify of the same token first; its catch forwards the error.
async function joseAuth(req, res, next) {
  const token = readToken(req);
  try {
    await jwtVerify(token, JWKS, { audience: 'api', issuer: 'https://idp.example' });
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    return next(err);
  }
  // ok: jwt/decode-without-verify
  res.locals.claims = decodeJwt(token);
  return next();
}

// Negative: decoded only to hint the client to refresh; nothing decides on it or stores it.
function refreshHint(req, res, next) {
  const token = readToken(req);
  // ok: jwt/decode-without-verify
  const claims = token ? jwtDecode(token) : null;
  if (claims && claims.exp * 1000 - Date.now() < 60000) res.set('X-Token-Refresh', 'soon');
  next();
}

app.use(cookieParser());
app.use(refreshHint);

// Negative: the refresh token is verified (leaving on error); the new access token, signed
// right here, is decoded for its expiry.
app.post('/auth/refresh', (req, res) => {
  // ok: jwt/unchecked-verify-error
  jwt.verify(req.cookies.refresh_token, PUBLIC_KEY, VERIFY_OPTIONS, (err, claims) => {
    if (err) return res.status(401).json({ error: 'refresh token rejected' });
    const accessToken = jwt.sign({ sub: claims.sub, scope: claims.scope }, SIGNING_KEY, {
      algorithm: 'RS256', expiresIn: '10m', audience: 'api', issuer: 'https://idp.example',
    });
    // ok: jwt/decode-without-verify
    const { exp } = jwt.decode(accessToken);
    return res.json({ access_token: accessToken, expires_at: exp });
  });
});

app.get('/me', authenticate, (req, res) => res.json(req.user));
app.get('/legacy', legacySession, (req, res) => res.json(res.locals.session));
app.get('/tolerant', tolerantAuth, (req, res) => res.json(req.user));
app.get('/dev', devFriendlyAuth, (req, res) => res.json(req.user));
app.get('/gateway', gatewayAuth, (req, res) => res.json(req.auth));
app.get('/account', requireUser, (req, res) => res.json(req.user));
app.get('/claims', joseAuth, (req, res) => res.json(res.locals.claims));

module.exports = app;
