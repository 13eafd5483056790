// ESM JavaScript: logout and account-recovery flows that accept expired tokens.
import { promisify } from 'util';
import express from 'express';
import jwt from 'jsonwebtoken';
import passport from 'passport';
import { Strategy, ExtractJwt } from 'passport-jwt';

const KEY = process.env.JWT_PUBLIC_KEY;
const audience = 'recovery';
const issuer = 'https://id.example.com';

const verifyAsync = promisify(jwt.verify);

// Logging out with an expired token should still work, so expiry is skipped.
export const verifyForLogout = (token) =>
  // expect: jwt/ignore-expiration
  jwt.verify(token, KEY, { algorithms: ['RS256'], audience, issuer, ignoreExpiration: true });

export const verifyForRecovery = (token) =>
  // ok: jwt/ignore-expiration
  jwt.verify(token, KEY, { algorithms: ['RS256'], audience, issuer, maxAge: '10m' });

// Not-before is a different check.
export const verifyScheduled = (token) =>
  // ok: jwt/ignore-expiration
  jwt.verify(token, KEY, { algorithms: ['RS256'], audience, issuer, ignoreNotBefore: true });

export const verifyWith = (token, options) =>
  // ok: jwt/ignore-expiration, jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  jwt.verify(token, KEY, options);

let recoveryOptions = {
  algorithms: ['RS256'],
  audience,
  issuer,
  // expect: jwt/ignore-expiration
  ignoreExpiration: true,
};

export const router = express.Router();

router.post('/logout', async (req, res) => {
  try {
    const claims = await verifyAsync(req.body.token, KEY, recoveryOptions);
    res.json({ loggedOut: claims.sub });
  } catch (err) {
    res.status(401).json({ error: 'invalid token' });
  }
});

router.post('/recover', async (req, res, next) => {
  try {
    const claims = await verifyAsync(req.body.token, KEY, {
      algorithms: ['RS256'],
      audience,
      issuer,
      // ok: jwt/ignore-expiration
      ignoreExpiration: false,
    });
    res.locals.claims = claims;
    return next();
  } catch (err) {
    return next(err);
  }
});

passport.use(
  'recovery',
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromBodyField('token'),
      secretOrKey: KEY,
      algorithms: ['RS256'],
      // expect: jwt/ignore-expiration
      ignoreExpiration: true,
      jsonWebTokenOptions: { audience, issuer },
    },
    (payload, done) => done(null, payload),
  ),
);

passport.use(
  'recovery-strict',
  // ok: jwt/ignore-expiration, jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromBodyField('token'),
      secretOrKey: KEY,
      algorithms: ['RS256'],
      jsonWebTokenOptions: { audience, issuer, maxAge: '15m' },
    },
    (payload, done) => done(null, payload),
  ),
);
