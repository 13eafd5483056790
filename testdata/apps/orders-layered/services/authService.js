'use strict';

const bcrypt = require('bcryptjs');
const jwt = require('jsonwebtoken');

const ISSUER = 'https://auth.shop.example/';
const PRIVATE_KEY = process.env.JWT_PRIVATE_KEY;
// expect: jwt/hardcoded-secret
const REFRESH_SECRET = process.env.REFRESH_TOKEN_SECRET ?? 'orders-local-refresh-secret';

const REFRESH_OPTIONS = {
  algorithms: ['HS256'],
  audience: 'orders-refresh',
  issuer: ISSUER,
};

async function checkPassword(password, passwordHash) {
  if (!passwordHash) return false;
  return bcrypt.compare(String(password), passwordHash);
}

function hashPassword(password) {
  return bcrypt.hash(String(password), 12);
}

function issueTokens(user) {
  // ok: jwt/sign-without-expiry
  const accessToken = jwt.sign(
    { sub: user.userId, email: user.email, roles: user.roles || [] },
    PRIVATE_KEY,
    { algorithm: 'RS256', expiresIn: '15m', audience: 'orders-api', issuer: ISSUER },
  );
  // ok: jwt/sign-without-expiry
  const refreshToken = jwt.sign({ sub: user.userId, ver: user.tokenVersion || 0 }, REFRESH_SECRET, {
    algorithm: 'HS256',
    expiresIn: '30d',
    audience: REFRESH_OPTIONS.audience,
    issuer: ISSUER,
  });
  return { accessToken, refreshToken, expiresIn: 900 };
}

// Throws when the token is not a valid refresh token.
function verifyRefreshToken(token) {
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  return jwt.verify(token, REFRESH_SECRET, REFRESH_OPTIONS);
}

module.exports = { checkPassword, hashPassword, issueTokens, verifyRefreshToken };
