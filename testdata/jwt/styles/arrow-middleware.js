'use strict';

// Arrow-heavy CommonJS middleware: destructured jsonwebtoken functions, a promisified verify,
// keys pulled out of a same-file object by destructuring, shadowed option names, and options
// declared below the functions that use them.
const util = require('util');
const crypto = require('crypto');
const { Router } = require('express');
const { verify, sign, TokenExpiredError } = require('jsonwebtoken');

const keys = {
  // expect: jwt/hardcoded-secret
  access: Buffer.from('YWNjZXNzLXNlY3JldC1rZXk=', 'base64'),
  refresh: process.env.REFRESH_KEY,
};
const { access: accessKey, refresh: refreshKey } = keys;

// ok: jwt/hardcoded-secret
const secret = 'whsec_not_a_jwt_key';
const webhookSig = (body) => crypto.createHmac('sha256', secret).update(body).digest('hex');

const verifyAsync = util.promisify(verify);

const ACCESS_OPTIONS = { algorithms: ['HS256'], audience: 'mobile', issuer: 'https://api.mobile.test' };
const ACCESS_SIGN = { algorithm: 'HS256', audience: 'mobile', issuer: 'https://api.mobile.test' };
const NEVER_EXPIRE = true;

const checkAccess = (token) =>
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  verify(token, accessKey, ACCESS_OPTIONS);

const checkAccessShadowed = (token) => {
  const ACCESS_OPTIONS = { audience: 'mobile' };
  // expect: jwt/missing-algorithms, jwt/missing-issuer
  return verify(token, accessKey, ACCESS_OPTIONS);
};

const checkWithSecret = (token, secret) =>
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  verify(token, secret, ACCESS_OPTIONS);

function checkLegacy(token) {
  // expect: jwt/missing-issuer
  return verify(token, refreshKey, LEGACY_OPTIONS);
}

const checkLegacyAsync = async (token) =>
  // expect: jwt/missing-issuer
  verifyAsync(token, refreshKey, LEGACY_OPTIONS);

const refreshOptions = () => ({ algorithms: ['HS256'], audience: 'mobile' });

const checkRefresh = (token) =>
  new Promise((resolve, reject) => {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    verify(token, refreshKey, refreshOptions(), (err, claims) => (err ? reject(err) : resolve(claims)));
  });

const graceOptions = {
  ...ACCESS_OPTIONS,
  // expect: jwt/ignore-expiration
  ignoreExpiration: NEVER_EXPIRE,
};

// ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
const checkGrace = (token) => verifyAsync(token, accessKey, graceOptions);

const devOptions = {
  ...ACCESS_OPTIONS,
  // ok: jwt/ignore-expiration
  ignoreExpiration: process.env.SKIP_EXP === '1',
};

// ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
const checkDev = (token) => verify(token, accessKey, devOptions);

// Filled in at start-up from a remote config: unknown here.
let remoteOptions = {};
const configure = (fetched) => {
  remoteOptions = fetched.jwt;
};
// ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
const checkRemote = (token) => verify(token, accessKey, remoteOptions);

let partnerOptions = { audience: 'partners', issuer: 'https://api.mobile.test' };
partnerOptions = { ...partnerOptions, algorithms: ['HS256'] };
// ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
const checkPartner = (token) => verify(token, accessKey, partnerOptions);

const LEGACY_ALGS = [
  'HS256',
  // expect: jwt/none-algorithm
  'NONE',
];

const LEGACY_OPTIONS = { algorithms: LEGACY_ALGS, audience: 'legacy' };

// Published in the discovery document only; never handed to a verifier.
// ok: jwt/none-algorithm, jwt/algorithm-confusion
const SUPPORTED_ALGS = ['HS256', 'RS256', 'none'];

const issuePair = (user) => ({
  // ok: jwt/sign-without-expiry
  access: sign({ sub: user.id }, accessKey, { ...ACCESS_SIGN, expiresIn: '15m' }),
  // expect: jwt/sign-without-expiry
  refresh: sign({ sub: user.id, typ: 'refresh' }, refreshKey, ACCESS_SIGN),
});

const router = Router();

router.use(async (req, res, next) => {
  const token = req.cookies?.access_token;
  if (!token) return next();
  try {
    req.user = await checkGrace(token);
    return next();
  } catch (err) {
    return err instanceof TokenExpiredError ? res.status(401).json({ error: 'expired' }) : next(err);
  }
});

router.get('/ping', (req, res, next) =>
  // expect: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  verify(req.get('x-token'), accessKey, (err, claims) => (err ? next(err) : res.json({ sub: claims.sub }))),
);

router.get('/.well-known/openid-configuration', (req, res) =>
  res.json({ id_token_signing_alg_values_supported: SUPPORTED_ALGS }),
);

module.exports = {
  router,
  webhookSig,
  checkAccess,
  checkAccessShadowed,
  checkWithSecret,
  checkLegacy,
  checkLegacyAsync,
  checkRefresh,
  checkDev,
  configure,
  checkRemote,
  checkPartner,
  issuePair,
};
