'use strict';

const jwt = require('jsonwebtoken');

// expect: jwt/hardcoded-secret
const JWT_SECRET = process.env.JWT_SECRET || 'dev-secret';

const TOKEN_CLAIMS = { audience: 'notes-api', issuer: 'https://notes.example.com' };

const VERIFY_OPTIONS = {
  ...TOKEN_CLAIMS,
  algorithms: ['HS256'],
  // ok: jwt/ignore-expiration
  clockTolerance: 30, // seconds of clock skew between instances
};

function bearerToken(req) {
  const header = req.get('authorization') || '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

function signAccessToken(user) {
  // ok: jwt/sign-without-expiry
  return jwt.sign({ sub: user.userId, email: user.email }, JWT_SECRET, {
    ...TOKEN_CLAIMS,
    algorithm: 'HS256',
    expiresIn: '15m',
  });
}

// Puts the verified claims on req.user, or answers 401.
function requireAuth(req, res, next) {
  const token = bearerToken(req);
  if (!token) return res.status(401).json({ error: 'missing token' });
  try {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    req.user = jwt.verify(token, JWT_SECRET, VERIFY_OPTIONS);
    return next();
  } catch {
    return res.status(401).json({ error: 'invalid token' });
  }
}

module.exports = { bearerToken, requireAuth, signAccessToken };
