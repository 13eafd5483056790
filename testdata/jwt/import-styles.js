'use strict';

// Every CommonJS way of reaching the JWT libraries; each call is flagged once so
// a missed binding shows up as a missed finding.
const util = require('util');
const { promisify } = require('util');
const express = require('express');
const jwt = require('jsonwebtoken');
const { sign, verify: v } = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');
const { expressjwt: requireJwt } = require('express-jwt');
const legacyJwt = require('express-jwt');
const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const BearerStrategy = require('passport-jwt').Strategy;
const passportJwt = require('passport-jwt');
const jose = require('jose');

const KEY = process.env.JWT_PUBLIC_KEY;
const SIGNING_KEY = process.env.JWT_PRIVATE_KEY;
const AUD = 'orders';
const ISS = 'https://issuer.example.com';
const JWKS = jose.createRemoteJWKSet(new URL('https://issuer.example.com/jwks'));

const verifyJwt = jwt.verify;
const verifyAsync = util.promisify(jwt.verify);
const verifyPromise = promisify(jwt.verify);

function viaNamespace(token) {
  // expect: jwt/missing-algorithms
  return jwt.verify(token, KEY, { audience: AUD, issuer: ISS });
}

function viaRenamedDestructure(token) {
  // expect: jwt/missing-algorithms
  return v(token, KEY, { audience: AUD, issuer: ISS });
}

function viaLocalAlias(token) {
  // expect: jwt/missing-algorithms
  return verifyJwt(token, KEY, { audience: AUD, issuer: ISS });
}

function viaLocalAliasChecked(token) {
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  return verifyJwt(token, KEY, { algorithms: ['RS256'], audience: AUD, issuer: ISS });
}

async function viaUtilPromisify(token) {
  // expect: jwt/missing-algorithms
  return verifyAsync(token, KEY, { audience: AUD, issuer: ISS });
}

async function viaPromisify(token) {
  // expect: jwt/missing-audience
  return verifyPromise(token, KEY, { algorithms: ['RS256'], issuer: ISS });
}

function viaDestructuredSign(userId) {
  // expect: jwt/sign-without-expiry
  return sign({ sub: userId }, SIGNING_KEY, { algorithm: 'RS256' });
}

async function viaJoseNamespace(token) {
  // expect: jwt/missing-issuer
  const { payload } = await jose.jwtVerify(token, JWKS, { audience: AUD });
  return payload;
}

async function viaDynamicImport(token) {
  const { jwtVerify } = await import('jose');
  // expect: jwt/missing-audience
  const { payload } = await jwtVerify(token, JWKS, { issuer: ISS });
  return payload;
}

async function viaJoseNamespaceSign(userId, key) {
  // expect: jwt/sign-without-expiry
  return new jose.SignJWT({ sub: userId }).setProtectedHeader({ alg: 'RS256' }).sign(key);
}

const app = express();

app.use(async (req, res, next) => {
  try {
    req.user = await viaUtilPromisify(req.get('authorization'));
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'unauthorized' });
  }
});

// expect: jwt/missing-algorithms
app.use('/a', expressjwt({ secret: KEY, audience: AUD, issuer: ISS }));

// expect: jwt/missing-algorithms
app.use('/b', requireJwt({ secret: KEY, audience: AUD, issuer: ISS }));

// expect: jwt/missing-algorithms
app.use('/c', legacyJwt({ secret: KEY, audience: AUD, issuer: ISS }));

const strategyOptions = {
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  secretOrKey: KEY,
  audience: AUD,
  issuer: ISS,
};

// expect: jwt/missing-algorithms
passport.use('destructured', new JwtStrategy(strategyOptions, (payload, done) => done(null, payload)));

// expect: jwt/missing-algorithms
passport.use('property', new BearerStrategy(strategyOptions, (payload, done) => done(null, payload)));

// expect: jwt/missing-algorithms
passport.use('namespace', new passportJwt.Strategy(strategyOptions, (payload, done) => done(null, payload)));

module.exports = {
  app,
  viaNamespace,
  viaRenamedDestructure,
  viaLocalAlias,
  viaLocalAliasChecked,
  viaPromisify,
  viaDestructuredSign,
  viaJoseNamespace,
  viaDynamicImport,
  viaJoseNamespaceSign,
};
