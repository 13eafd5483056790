'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');
const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const config = require('../config');

const AUDIENCE = 'shop';
const ISSUER = 'https://shop.example.com';
const verifyOptions = { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER };

// Used by both sign and verify below: reported once, here.
// expect: jwt/hardcoded-secret
const JWT_SECRET = 'shop-jwt-secret-2023';

// expect: jwt/hardcoded-secret
const REFRESH_SECRET = process.env.REFRESH_SECRET || 'refresh-dev-secret';

// ok: jwt/hardcoded-secret
const PARTNER_SECRET = process.env.PARTNER_SECRET || '';

// ok: jwt/hardcoded-secret
const PARTNER_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u
+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyeh
kd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ
0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg
cKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc
mwIDAQAB
-----END PUBLIC KEY-----`;

const router = express.Router();

router.post('/login', (req, res) => {
  const claims = { sub: req.body.email, scope: 'customer' };
  const accessToken = jwt.sign(claims, JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m' });
  const refreshToken = jwt.sign({ sub: req.body.email }, REFRESH_SECRET, { expiresIn: '30d' });
  res.json({ accessToken, refreshToken });
});

function requireCustomer(req, res, next) {
  jwt.verify(req.cookies.access, JWT_SECRET, verifyOptions, (err, claims) => {
    if (err) return res.status(401).json({ error: 'unauthorized' });
    req.user = claims;
    return next();
  });
}

function verifyFallback(token) {
  // expect: jwt/hardcoded-secret
  return jwt.verify(token, process.env.JWT_SECRET || 'changeme', verifyOptions);
}

function verifyBuffer(token) {
  // expect: jwt/hardcoded-secret
  return jwt.verify(token, Buffer.from('buffer-secret-value'), verifyOptions);
}

function issueGuestToken() {
  // expect: jwt/hardcoded-secret
  return jwt.sign({ sub: 'guest', scope: 'browse' }, `guest-token-secret`, { expiresIn: '1h' });
}

function verifyFromEnv(token) {
  // ok: jwt/hardcoded-secret
  return jwt.verify(token, process.env.JWT_SECRET, verifyOptions);
}

function verifyFromConfig(token) {
  // ok: jwt/hardcoded-secret
  return jwt.verify(token, config.auth.jwtSecret, verifyOptions);
}

function verifyWithKey(token, key) {
  // ok: jwt/hardcoded-secret
  return jwt.verify(token, key, verifyOptions);
}

function verifyPartner(token) {
  // ok: jwt/hardcoded-secret
  return jwt.verify(token, PARTNER_PUBLIC_KEY, { algorithms: ['RS256'], audience: AUDIENCE, issuer: 'https://partner.example.com' });
}

function verifyPartnerHmac(token) {
  return jwt.verify(token, PARTNER_SECRET, verifyOptions);
}

function verifyEncoded(token) {
  // ok: jwt/hardcoded-secret
  return jwt.verify(token, Buffer.from(process.env.JWT_SECRET_B64, 'base64'), verifyOptions);
}

function verifyTenant(token, tenant) {
  // ok: jwt/hardcoded-secret
  return jwt.verify(token, `${process.env.SECRET_PREFIX}-${tenant}`, verifyOptions);
}

// expect: jwt/hardcoded-secret
router.use('/orders', expressjwt({ secret: 'express-jwt-shared-secret', algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER }));

passport.use(
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // expect: jwt/hardcoded-secret
      secretOrKey: 'passport-jwt-secret',
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    },
    (payload, done) => done(null, payload),
  ),
);

module.exports = {
  router,
  requireCustomer,
  verifyFallback,
  verifyBuffer,
  issueGuestToken,
  verifyFromEnv,
  verifyFromConfig,
  verifyWithKey,
  verifyPartner,
  verifyPartnerHmac,
  verifyEncoded,
  verifyTenant,
};
