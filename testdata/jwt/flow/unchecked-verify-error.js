'use strict';

// jwt/unchecked-verify-error in CommonJS: jsonwebtoken callbacks, sync verify in try/catch,
// util.promisify and new Promise wrappers. Reported at the callback function or the catch clause.
const util = require('util');
const express = require('express');
const jwt = require('jsonwebtoken');
const { verify: verifyJwt } = require('jsonwebtoken');
const profiles = require('../services/profiles');

const router = express.Router();
const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY;
const VERIFY_OPTIONS = { algorithms: ['RS256'], audience: 'api', issuer: 'https://idp.example' };
const verifyAsync = util.promisify(jwt.verify);

function tokenFrom(req) {
  return (req.get('authorization') || '').replace(/^Bearer\s+/i, '');
}

// The error argument is declared and never read; next() runs for any token.
function requireAuth(req, res, next) {
  // expect: jwt/unchecked-verify-error
  jwt.verify(tokenFrom(req), PUBLIC_KEY, VERIFY_OPTIONS, (err, decoded) => {
    req.user = decoded;
    next();
  });
}

// `_` for the error, the claims go into a response; reported at the callback, not the call.
router.get('/session', (req, res) => {
  jwt.verify(
    req.cookies.session,
    PUBLIC_KEY,
    VERIFY_OPTIONS,
    // expect: jwt/unchecked-verify-error
    function (_, session) {
      res.json({ user: session.sub, expires: session.exp });
    },
  );
});

// No parameters at all (through a renamed destructured require).
function touchSession(req, res, next) {
  // expect: jwt/unchecked-verify-error
  verifyJwt(req.cookies.session, PUBLIC_KEY, VERIFY_OPTIONS, () => next());
}

// Sends a 401 without returning: next() still runs.
function bearerAuth(req, res, next) {
  // expect: jwt/unchecked-verify-error
  jwt.verify(tokenFrom(req), PUBLIC_KEY, VERIFY_OPTIONS, (err, claims) => {
    if (err) {
      res.status(401).json({ error: 'invalid token' });
    }
    req.user = claims;
    next();
  });
}

// Leaves only for expired tokens; a bad signature falls through.
function expiringAuth(req, res, next) {
  // expect: jwt/unchecked-verify-error
  jwt.verify(tokenFrom(req), PUBLIC_KEY, VERIFY_OPTIONS, (err, claims) => {
    if (err && err.name === 'TokenExpiredError') return res.status(401).json({ error: 'expired' });
    req.user = claims;
    return next();
  });
}

// Optional auth done wrong: a present but invalid token is silently downgraded to anonymous.
function lenientOptionalAuth(req, res, next) {
  const token = tokenFrom(req);
  if (!token) return next();
  try {
    req.user = jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS);
    // expect: jwt/unchecked-verify-error
  } catch (err) {
    return next();
  }
  return next();
}

// Promisified verify; the catch logs and execution falls through to next().
async function asyncAuth(req, res, next) {
  let claims;
  try {
    claims = await verifyAsync(tokenFrom(req), PUBLIC_KEY, VERIFY_OPTIONS);
    // expect: jwt/unchecked-verify-error
  } catch (err) {
    console.debug('token rejected', err.message);
  }
  req.user = claims;
  next();
}

// A promise wrapper that never rejects: a failed verify resolves to undefined.
function verifyToken(token) {
  return new Promise((resolve) => {
    // expect: jwt/unchecked-verify-error
    jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS, (err, decoded) => resolve(decoded));
  });
}

// Negative: forwarding the error unconditionally is handling it.
function passThroughAuth(req, res, next) {
  // ok: jwt/unchecked-verify-error
  jwt.verify(tokenFrom(req), PUBLIC_KEY, VERIFY_OPTIONS, (err, claims) => {
    req.user = claims;
    next(err);
  });
}

// Negative: a promise wrapper that rejects on error.
function verifyTokenStrict(token) {
  return new Promise((resolve, reject) => {
    // ok: jwt/unchecked-verify-error
    jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS, (err, decoded) => (err ? reject(err) : resolve(decoded)));
  });
}

// Negative: optional auth done right: no token skips verification, a bad one is rejected.
function optionalAuth(req, res, next) {
  const token = tokenFrom(req);
  if (!token) return next();
  try {
    req.user = jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS);
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
  return next();
}

// Negative: a done(err) callback for socket authentication.
function authenticateSocket(token, done) {
  // ok: jwt/unchecked-verify-error
  jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS, (err, claims) => {
    if (err) return done(err);
    return done(null, { id: claims.sub });
  });
}

// Negative: this catch continues with next(), but it is not around a verify.
router.get('/profile', passThroughAuth, async (req, res, next) => {
  try {
    res.json(await profiles.load(req.user.sub));
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    next();
  }
});

// The error branch answers without a return, but only the else branch goes on.
function branchingAuth(req, res, next) {
  // ok: jwt/unchecked-verify-error
  jwt.verify(tokenFrom(req), PUBLIC_KEY, VERIFY_OPTIONS, (err, decoded) => {
    if (err) {
      res.sendStatus(401);
    } else {
      req.user = decoded;
      next();
    }
  });
}

// Its twin: no else, so after the 401 the request goes on anyway.
function fallThroughAuth(req, res, next) {
  // expect: jwt/unchecked-verify-error
  jwt.verify(tokenFrom(req), PUBLIC_KEY, VERIFY_OPTIONS, (err, decoded) => {
    if (err) {
      res.sendStatus(401);
    }
    req.user = decoded;
    next();
  });
}

router.get('/badges', branchingAuth, fallThroughAuth, (req, res) => res.json(req.user));
router.use(requireAuth, touchSession, bearerAuth, expiringAuth, asyncAuth);
router.get('/feed', lenientOptionalAuth, optionalAuth, (req, res) => res.json({ user: req.user }));

module.exports = { router, verifyToken, verifyTokenStrict, authenticateSocket };
