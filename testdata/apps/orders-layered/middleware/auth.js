'use strict';

const jwt = require('jsonwebtoken');

// Access tokens are RS256, signed by services/authService.js with the matching private key.
const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY;

const VERIFY_OPTIONS = {
  algorithms: ['RS256'],
  audience: 'orders-api',
  issuer: 'https://auth.shop.example/',
  clockTolerance: 5,
};

function bearerToken(req) {
  const header = req.headers.authorization || '';
  const [scheme, token] = header.split(' ');
  return scheme === 'Bearer' && token ? token : null;
}

// Puts the caller's verified claims on req.user, or answers 401.
function requireAuth(req, res, next) {
  const token = bearerToken(req);
  if (!token) {
    return res.status(401).json({ error: 'missing bearer token' });
  }
  try {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    const claims = jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS);
    req.user = { sub: claims.sub, email: claims.email, roles: claims.roles || [] };
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'invalid or expired token' });
  }
}

module.exports = { bearerToken, requireAuth };
