'use strict';

const jwt = require('jsonwebtoken');

// Machine-to-machine tokens minted by the platform's job runner (HS512, key shared with it).
class ServiceTokenVerifier {
  constructor(key) {
    this.key = key;
  }

  // Returns the verified claims ({ sub: 'job:<name>', scope: [...] }), or throws.
  verify(token) {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, this.key, {
      algorithms: ['HS512'],
      audience: 'helpdesk-internal',
      issuer: 'https://jobs.helpdesk.example/',
      maxAge: '10m',
    });
  }
}

// Middleware factory; the verifier is injected so tests can pass a fake one.
function requireService(verifier) {
  return function serviceAuth(req, res, next) {
    const token = req.get('x-service-token');
    if (!token) return res.status(401).json({ error: 'service token required' });
    try {
      req.service = verifier.verify(token);
    } catch (err) {
      return res.status(401).json({ error: 'invalid service token' });
    }
    return next();
  };
}

const serviceTokens = new ServiceTokenVerifier(process.env.SERVICE_TOKEN_KEY);

module.exports = { ServiceTokenVerifier, requireService, serviceTokens };
