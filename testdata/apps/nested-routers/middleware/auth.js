'use strict';

const { promisify } = require('util');
const jwt = require('jsonwebtoken');
const { HttpError } = require('../lib/ownership');

// User tokens are issued by our identity service (RS256); partner tokens are HMAC tokens we
// mint for integrators by hand.
const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY;
const VERIFY_OPTIONS = {
  algorithms: ['RS256'],
  audience: 'projects-api',
  issuer: 'https://id.example.com/',
};
// expect: jwt/hardcoded-secret
const PARTNER_SECRET = process.env.PARTNER_TOKEN_SECRET || 'partner-dev-secret-2021';

const verifyAsync = promisify(jwt.verify);

function bearer(req) {
  const [scheme, token] = (req.get('authorization') || '').split(' ');
  return scheme === 'Bearer' && token ? token : null;
}

function toUser(claims) {
  return {
    id: claims.sub,
    email: claims.email,
    roles: Array.isArray(claims.roles) ? claims.roles : [],
  };
}

function requireAuth(req, res, next) {
  const token = bearer(req);
  if (!token) return next(new HttpError(401, 'missing token'));
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer, jwt/unchecked-verify-error
  return jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS, (err, claims) => {
    if (err) return next(new HttpError(401, 'invalid token'));
    req.user = toUser(claims);
    return next();
  });
}

// Used where a signed-in user only changes what is shown. No token: anonymous. A bad token is
// anonymous too: the error is read and only a good token sets req.user.
function optionalAuth(req, res, next) {
  const token = bearer(req);
  if (!token) return next();
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  return jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS,
    // ok: jwt/unchecked-verify-error
    (err, claims) => {
      if (!err) req.user = toUser(claims);
      next();
    });
}

function requireRole(role) {
  return function checkRole(req, res, next) {
    if (!req.user || !req.user.roles.includes(role)) {
      return next(new HttpError(403, 'forbidden'));
    }
    return next();
  };
}

// Integrators send X-Partner-Token. The issuer is not pinned: we are the only issuer.
async function requirePartner(req, res, next) {
  const token = req.get('x-partner-token');
  if (!token) throw new HttpError(401, 'missing partner token');
  try {
    // ok: jwt/missing-algorithms, jwt/missing-audience
    // expect: jwt/missing-issuer
    req.partner = await verifyAsync(token, PARTNER_SECRET, { algorithms: ['HS256'], audience: 'partner-api' });
  } catch (err) {
    throw new HttpError(401, 'invalid partner token');
  }
  next();
}

// Admin-only routes: a token, then the role.
const protect = [requireAuth, requireRole('admin')];

module.exports = { requireAuth, optionalAuth, requireRole, requirePartner, protect };
