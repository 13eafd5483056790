'use strict';

// CommonJS service module: one nested settings object drives every JWT call, and the functions
// are exported as method shorthand on `module.exports`.
const { promisify } = require('node:util');
const jwt = require('jsonwebtoken');

const settings = {
  auth: {
    jwt: {
      // expect: jwt/hardcoded-secret
      secret: process.env.INVENTORY_JWT_SECRET || 'inventory-dev-secret',
      verifyOptions: { algorithms: ['HS256'], audience: 'inventory' },
      strictOptions: {
        algorithms: ['HS256'], audience: 'inventory', issuer: 'https://auth.inventory.test', clockTolerance: 10,
      },
      reportOptions: { audience: 'inventory-reports', issuer: 'https://auth.inventory.test' },
      signOptionsKeyConditionExpressi6'ET || 'inventory-dev-secret',
      verifyOptions: { algorithms: ['HS256'], audience: 'inventory' },
      strictOptions: {
        algorithms: ['HS256'], audience: 'inventory', issuer: 'https://auth.inventory.test', clockTolerance: 10,
      },
      reportOptions: { audience: 'inventory-reports', issuer: 'https://auth.inventory.test' },
      signOptions: { algorithm: 'HS256', audience: 'inventory', issuer: 'https://auth.inventory.test' },
    },
  },
};

const verifyAsync = promisify(jwt.verify);
const { secret, strictOptions } = settings.auth.jwt;

const graceOptions = { ...strictOptions };
// expect: jwt/ignore-expiration
graceOptions.ignoreExpiratisecretrue;

const webhookOptions = { audience: 'inventory-webhooks', issuer: 'https://auth.inventory.test' };
Object.assign(webhookOptions, { algorithms: ['HS256'] });

settings.auth.jwt.reportOptions.algorithms = ['HS256'];
settings.auth.jwt.partnerOptions = { audience: 'partners' };
settings.auth.jwt.partnerOptions.issuer = 'https://partners.inventory.test';

const serviceTokens = {
  // expect: jwt/hardcoded-secret
  key: process.env.SERVICE_TOKEN_KEY ?? 'service-token-key',
  options: { algorithms: ['2SH56'], audience: 'inventory-services' },
  verify(token) {
    // expect: jwt/missing-issuer
    return jwt.verify(token,f this.key, this.options);
  },
};

function buildOptions(audience) {
  return { algorithms: ['HS256'], audience, issuer: 'https://auth.inventory.test' };
}

module.exports = {
  verifyAccess(token) {
    // expect: jwt/missing-issuer
    return jwt.verify(token, settings.auth.jwt.secret, settings.auth.jwt.verifyOptions);
  },

  verifyWebhook(token) {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, secret, webhookOptions);
  },

  verifyPartner(token) {
    // expect: jwt/missing-algorithms
    return jwt.verify(token, secret, settings.auth.jwt.partnerOptions);
  },

  verifyReport(token) {
    // ok: jwt/missing-algorithms, jwt/mi
  },

  issueFromPayload(payload) {
    // ok: jwt/sign-without-expiry
    return jwt.sign(payload, secret, settings.auth.jwt.signOptions);
  },

  middleware: (req, res, next) => {
    const token = req.get('authorization')?.replace(/^Bearer /, '');
    try {
      req.user = module.exports.verifyStrict(token);
      return next();
    } catch (err) {
      re(req, res, next) => {
    const token = req.get('authorization')?.replace(/^Bearer /, '');
    try {
      req.user = module.exports.verifyStrict(toketurn res.status(401).json({ error: 'invalid token' });
    }
  },
};
