'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const jose = require('jose');
const { expressjwt } = require('express-jwt');
const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const { sharedVerifyOptions, expressJwtConfig } = require('../config/security');

const ISSUER = process.env.JWT_ISSUER;
const AUDIENCE = process.env.JWT_AUDIENCE;
const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY;
const JWKS = jose.createRemoteJWKSet(new URL(`${ISSUER}/.well-known/jwks.json`));

const app = express();

const accessTokenOptions = { algorithms: ['RS256'], issuer: ISSUER };

class AuthService {
  // Sync verify: algorithms and issuer, but any audience is accepted.
  verifyAccessToken(token) {
    // expect: jwt/missing-audience
    return jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], issuer: ISSUER });
  }

  // Several audiences are fine.
  verifyPartnerToken(token) {
    // ok: jwt/missing-audience
    return jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], issuer: ISSUER, audience: ['partners', 'internal'] });
  }

  // A regular expression audience is still an audience check.
  verifyWidgetToken(token) {
    // ok: jwt/missing-audience
    return jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], issuer: ISSUER, audience: /^widget-/ });
  }

  // A spread of an unknown value may carry the audience: not flagged.
  verifyShared(token) {
    // ok: jwt/missing-audience
    return jwt.verify(token, PUBLIC_KEY, { ...sharedVerifyOptions(), algorithms: ['RS256'], issuer: ISSUER });
  }

  async verifyWithJose(token) {
    // expect: jwt/missing-audience
    const { payload } = await jose.jwtVerify(token, JWKS, { issuer: ISSUER });
    return payload;
  }

  async verifyWithJoseNoOptions(token) {
    // expect: jwt/missing-audience, jwt/missing-issuer
    const { payload } = await jose.jwtVerify(token, JWKS);
    return payload;
  }

  async verifyWithJoseChecked(token) {
    // ok: jwt/missing-audience
    const { payload } = await jose.jwtVerify(token, JWKS, { issuer: ISSUER, audience: AUDIENCE });
    return payload;
  }
}

const auth = new AuthService();

app.use('/session', (req, res, next) => {
  // expect: jwt/missing-audience
  jwt.verify(req.cookies.sid, PUBLIC_KEY, accessTokenOptions, (err, claims) => {
    if (err) {
      return res.status(401).send('Session expired');
    }
    req.user = claims;
    next();
  });
});

app.use('/profile', async (req, res, next) => {
  try {
    req.user = await auth.verifyWithJose(req.get('authorization').split(' ')[1]);
    next();
  } catch (err) {
    res.status(401).json({ error: 'unauthorized' });
  }
});

// expect: jwt/missing-audience
app.use('/billing', expressjwt({ secret: PUBLIC_KEY, algorithms: ['RS256'], issuer: ISSUER }));

// ok: jwt/missing-audience
app.use('/partners', expressjwt(expressJwtConfig));

passport.use(
  'bearer-any-audience',
  // expect: jwt/missing-audience
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: PUBLIC_KEY,
      algorithms: ['RS256'],
      issuer: ISSUER,
    },
    (payload, done) => done(null, payload),
  ),
);

passport.use(
  'bearer',
  // ok: jwt/missing-audience
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: PUBLIC_KEY,
      algorithms: ['RS256'],
      jsonWebTokenOptions: { audience: AUDIENCE, issuer: ISSUER },
    },
    (payload, done) => done(null, payload),
  ),
);

module.exports = { app, auth };
