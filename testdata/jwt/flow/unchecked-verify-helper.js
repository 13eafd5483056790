// jwt/unchecked-verify-error when the verify sits in a project helper: the catch around the
// helper's call is the catch around the verify.
const express = require('express');
const jsonwebtoken = require('jsonwebtoken');

const app = express();
const KEY = process.env.JWT_PUBLIC_KEY;
const OPTIONS = { algorithms: ['RS256'], audience: 'api', issuer: 'https://idp.example' };

// The helper lets the verify error escape to its caller.
function claimsOf(token) {
  const claims = jsonwebtoken.verify(token, KEY, OPTIONS);
  return { id: claims.sub, roles: claims.roles || [] };
}

const readClaims = (token) => claimsOf(token);

// The helper handles its own failure: a bad token comes back as null, nothing is thrown.
function claimsOrNull(token) {
  try {
    return jsonwebtoken.verify(token, KEY, OPTIONS);
  } catch (err) {
    return null;
  }
}

function bearer(req) {
  return (req.headers.authorization || '').replace(/^Bearer /, '');
}

// The verify error is logged and the request carries on to the handler.
function lenient(req, res, next) {
  try {
    req.user = claimsOf(bearer(req));
    // expect: jwt/unchecked-verify-error
  } catch (err) {
    console.warn('bad token', err.message);
  }
  next();
}

// The same with the call in an arrow helper and the catch calling next() itself.
const lenientArrow = (req, res, next) => {
  try {
    res.locals.user = readClaims(bearer(req));
    return next();
    // expect: jwt/unchecked-verify-error
  } catch {
    return next();
  }
};

// The catch sets a user of its own: a failed verify signs the caller in as a guest account
// that still owns data.
async function guestFallback(req, res, next) {
  try {
    req.user = claimsOf(bearer(req));
    // expect: jwt/unchecked-verify-error
  } catch (e) {
    req.user = { id: 'guest', roles: ['reader'] };
  }
  return next();
}

// Negative: the catch rejects the request.
function strict(req, res, next) {
  try {
    req.user = claimsOf(bearer(req));
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
  return next();
}

// Negative: the catch passes the error on.
function forwarding(req, res, next) {
  try {
    req.user = readClaims(bearer(req));
    next();
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    next(err);
  }
}

// Negative: optional authentication on purpose: the catch clears the user, so the request goes
// on anonymous and never as someone else.
function optional(req, res, next) {
  try {
    req.user = claimsOf(bearer(req));
    // ok: jwt/unchecked-verify-error
  } catch {
    req.user = undefined;
  }
  next();
}

// Negative: the helper catches its own verify error, so this catch only sees other failures
// (and a null user is what a bad token gives).
function nullable(req, res, next) {
  try {
    req.user = claimsOrNull(bearer(req));
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    console.error(err);
  }
  next();
}

// Negative: the callback reads the error and only a good token sets the user.
function callbackOptional(req, res, next) {
  // ok: jwt/unchecked-verify-error
  jsonwebtoken.verify(bearer(req), KEY, OPTIONS, (err, claims) => {
    if (!err) req.user = { id: claims.sub };
    next();
  });
}

app.use(lenient, lenientArrow, guestFallback, strict, forwarding, optional, nullable, callbackOptional);

module.exports = app;
