'use strict';

// jwt/decode-without-verify in CommonJS: jsonwebtoken, jwt-decode (default require) and
// hand-written base64 parsing. Each positive reaches an identity use with no verify of the same
// token on its path; each negative is a decode the rule must leave alone.
const express = require('express');
const jwt = require('jsonwebtoken');
const jwtDecode = require('jwt-decode');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, QueryCommand } = require('@aws-sdk/lib-dynamodb');

const router = express.Router();
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY;
const VERIFY_OPTIONS = { algorithms: ['RS256'], audience: 'api', issuer: 'https://idp.example' };
const signingKeys = new Map([[process.env.JWT_KID, PUBLIC_KEY]]);
const peek = jwt.decode;

function bearer(req) {
  const header = req.get('authorization') || '';
  return header.startsWith('Bearer ') ? header.slice(7) : null;
}

// Decoded claims copied into req.user: every later check trusts a forged payload.
function authenticate(req, res, next) {
  const token = bearer(req);
  // expect: jwt/decode-without-verify
  const claims = jwt.decode(token);
  if (!claims) return res.status(401).json({ error: 'missing token' });
  req.user = { id: claims.sub, email: claims.email, role: claims.role };
  return next();
}

// An authorisation decision on a role the caller wrote themselves.
function requireAdmin(req, res, next) {
  // expect: jwt/decode-without-verify
  const { role } = jwtDecode(bearer(req));
  if (role === 'admin') return next();
  return res.status(403).json({ error: 'admins only' });
}

// Hand-written payload parsing into res.locals.
function tenantContext(req, res, next) {
  const token = req.cookies.id_token;
  if (!token) return res.sendStatus(401);
  // expect: jwt/decode-without-verify
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64').toString('utf8'));
  res.locals.tenantId = payload.tenant_id;
  return next();
}

// A local alias of jwt.decode, returned from a request helper the routes use for identity.
function currentUser(req) {
  const token = bearer(req);
  // expect: jwt/decode-without-verify
  return token ? peek(token) : null;
}

// `complete: true`, but the payload is used, not only the header.
function auth0Style(req, res, next) {
  // expect: jwt/decode-without-verify
  const decoded = jwt.decode(bearer(req), { complete: true });
  if (!decoded) return res.sendStatus(401);
  req.auth = decoded.payload;
  return next();
}

// The gateway's service token is verified; the end user's token in x-user-token is not.
// "The same token" means the same value, not another token from the same request.
function requireServiceToken(req, res, next) {
  try {
    jwt.verify(req.get('x-service-token'), PUBLIC_KEY, VERIFY_OPTIONS);
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    return res.status(401).json({ error: 'invalid service token' });
  }
  return next();
}

router.get('/me/orders', requireServiceToken, async (req, res) => {
  // expect: jwt/decode-without-verify
  const user = jwt.decode(req.get('x-user-token'));
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Orders',
    KeyConditionExpression: 'userId = :uid',
    // expect: ddb/key-from-unverified-token
    ExpressionAttributeValues: { ':uid': user.sub },
  }));
  res.json(Items);
});

// Negative: only the header is decoded, to pick the key by kid, and the token is then verified.
function jwksAuth(req, res, next) {
  const token = bearer(req);
  // ok: jwt/decode-without-verify
  const kid = jwt.decode(token, { complete: true })?.header?.kid;
  const key = signingKeys.get(kid);
  if (!key) return res.status(401).json({ error: 'unknown signing key' });
  try {
    req.user = jwt.verify(token, key, VERIFY_OPTIONS);
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
  return next();
}

// Negative: decoded after a sync verify of the same token whose failure leaves the middleware.
function sessionAuth(req, res, next) {
  const token = req.cookies.session;
  try {
    jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS);
    // ok: jwt/unchecked-verify-error
  } catch (err) {
    return res.status(401).json({ error: 'session expired' });
  }
  // ok: jwt/decode-without-verify
  const claims = jwt.decode(token);
  req.user = { id: claims.sub, role: claims.role };
  return next();
}

// Negative: decoded inside a verify callback that leaves on error.
function legacyAuth(req, res, next) {
  const token = req.get('x-access-token');
  // ok: jwt/unchecked-verify-error
  jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS, (err) => {
    if (err) return res.status(401).json({ error: 'invalid token' });
    // ok: jwt/decode-without-verify
    res.locals.claims = jwtDecode(token);
    return next();
  });
}

// Negative: logging only; the claims reach no identity, decision, key or return value.
function auditTrail(req, res, next) {
  const token = bearer(req);
  if (token) {
    // ok: jwt/decode-without-verify
    const unverified = jwt.decode(token) || {};
    console.info('token presented', { sub: unverified.sub, jti: unverified.jti, path: req.path });
  }
  next();
}

router.use(auditTrail);

router.get('/me', (req, res) => {
  const user = currentUser(req);
  if (!user) return res.sendStatus(401);
  return res.json({ id: user.sub, name: user.name });
});

// The usual JWKS middleware: the decode only rejects malformed tokens and picks the key; a
// failed verify ends in the catch with a 401, so every request that goes on was verified.
function cognitoAuth(req, res, next) {
  const token = bearer(req);
  // ok: jwt/decode-without-verify
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded) return res.status(401).json({ error: 'malformed token' });
  const key = signingKeys.get(decoded.header.kid);
  if (!key) return res.status(401).json({ error: 'unknown key' });
  try {
    req.user = jwt.verify(token, key, VERIFY_OPTIONS);
    next();
  } catch (err) {
    res.status(401).json({ error: 'invalid token' });
  }
}

// Its twin: the catch falls through to next(), so a token that fails to verify goes on with
// only the decode's say-so.
function lenientAuth(req, res, next) {
  const token = bearer(req);
  // expect: jwt/decode-without-verify
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded) return res.status(401).json({ error: 'malformed token' });
  try {
    req.user = jwt.verify(token, signingKeys.get(decoded.header.kid), VERIFY_OPTIONS);
  // expect: jwt/unchecked-verify-error
  } catch (err) {
    console.warn('token did not verify');
  }
  next();
}

// A helper decodes the token its caller has just verified, under another name.
function subjectOf(token) {
  // ok: jwt/decode-without-verify
  return jwt.decode(token).sub;
}

function verifiedSubject(req, res, next) {
  const bearerToken = bearer(req);
  try {
    jwt.verify(bearerToken, PUBLIC_KEY, VERIFY_OPTIONS);
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
  res.locals.userId = subjectOf(bearerToken);
  return next();
}

// Its twin: the helper decodes a token nobody verified.
function claimedSubject(token) {
  // expect: jwt/decode-without-verify
  return jwt.decode(token).sub;
}

function unverifiedSubject(req, res, next) {
  res.locals.userId = claimedSubject(bearer(req));
  return next();
}

router.get('/profile', cognitoAuth, (req, res) => res.json(req.user));
router.get('/me/id', verifiedSubject, (req, res) => res.json(res.locals.userId));
router.get('/me/claimed-id', unverifiedSubject, (req, res) => res.json(res.locals.userId));
router.get('/feed', lenientAuth, (req, res) => res.json(req.user));
router.get('/admin/stats', authenticate, requireAdmin, (req, res) => res.json({ by: req.user.id }));
router.get('/tenant', tenantContext, auth0Style, (req, res) => res.json(res.locals.tenantId));
router.get('/account', jwksAuth, sessionAuth, legacyAuth, (req, res) => res.json(req.user));

module.exports = router;
