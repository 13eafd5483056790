'use strict';

const passport = require('passport');
const { ExtractJwt, Strategy: JwtStrategy } = require('passport-jwt');
const { docClient } = require('../lib/dynamo');

const USERS_TABLE = process.env.USERS_TABLE || 'HelpdeskUsers';

// Tokens are issued by the login service (ES256). req.user becomes the user record.
// ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
passport.use(new JwtStrategy({
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  secretOrKey: process.env.AUTH_PUBLIC_KEY,
  algorithms: ['ES256'],
  issuer: 'https://login.helpdesk.example/',
  audience: 'helpdesk-api',
  // Staging replays recorded traffic, whose tokens have long expired.
  // ok: jwt/ignore-expiration
  ignoreExpiration: process.env.REPLAY_MODE === '1',
}, (payload, done) => {
  docClient.get({ TableName: USERS_TABLE, Key: { userId: payload.sub } }, (err, data) => {
    if (err) return done(err);
    if (!data.Item || data.Item.disabled) return done(null, false);
    return done(null, data.Item);
  });
}));

module.exports = passport;
