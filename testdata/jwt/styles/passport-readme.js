// ES5-style app: passport-jwt exactly as its README writes it (`var opts = {}` filled property by
// property, strategies registered from a function that receives `passport`) and the pre-v7
// express-jwt default export with `.unless()`.
var express = require('express');
var expressJwt = require('express-jwt');
var JwtStrategy = require('passport-jwt').Strategy,
    ExtractJwt = require('passport-jwt').ExtractJwt;
var jwksRsa = require('jwks-rsa');
var User = require('../models/user');

var opts = {}
opts.jwtFromRequest = ExtractJwt.fromAuthHeaderAsBearerToken();
// expect: jwt/hardcoded-secret
opts.secretOrKey = 'secret';
opts.issuer = 'accounts.examplesoft.com';
opts.audience = 'yoursite.net';

var adminOpts = {
  jwtFromRequest: ExtractJwt.fromHeader('x-admin-token'),
  secretOrKey: process.env.ADMIN_JWT_KEY,
  jsonWebTokenOptions: {
    // expect: jwt/algorithm-confusion
    algorithms: ['rs256', 'hs256'],
    audience: 'admin-console',
  },
  issuer: 'https://id.examplesoft.com',
};

var idpOpts = {
  jwtFromRequest: ExtractJwt.fromAuthHeaderWithScheme('JWT'),
  secretOrKeyProvider: jwksRsa.passportJwtSecret({
    jwksUri: 'https://idp.examplesoft.com/.well-known/jwks.json',
    cache: true,
    rateLimit: true,
  }),
  algorithms: ['RS256'],
  issuer: 'https://idp.examplesoft.com/',
};

var strictOpts = Object.assign({}, opts, { algorithms: ['HS256'] });

module.exports = function (passport) {
  // expect: jwt/missing-algorithms
  passport.use(new JwtStrategy(opts, function (jwt_payload, done) {
    User.findOne({ id: jwt_payload.sub }, function (err, user) {
      if (err) {
        return done(err, false);
      }
      if (user) {
        return done(null, user);
      } else {
        return done(null, false);
      }
    });
  }));

  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  passport.use('admin', new JwtStrategy(adminOpts, function (payload, done) {
    done(null, payload);
  }));

  // expect: jwt/missing-audience
  passport.use('idp', new JwtStrategy(idpOpts, function (payload, done) {
    done(null, payload);
  }));

  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  passport.use('strict', new JwtStrategy(strictOpts, function (payload, done) {
    done(null, payload);
  }));

  var partnerOpts = {};
  partnerOpts.jwtFromRequest = ExtractJwt.fromUrlQueryParameter('access_token');
  partnerOpts.secretOrKey = process.env.PARTNER_KEY;
  partnerOpts.algorithms = ['HS256'];
  partnerOpts.audience = 'partners';
  partnerOpts.issuer = 'https://partners.examplesoft.com';
  // expect: jwt/ignore-expiration
  partnerOpts.ignoreExpiration = true;
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  passport.use('partner', new JwtStrategy(partnerOpts, function (payload, done) {
    done(null, payload);
  }));
};

// expect: jwt/hardcoded-secret
var jwtSecret = 'shhhhhhared-secret';

var app = express();

app.use(
  // expect: jwt/missing-audience, jwt/missing-issuer
  expressJwt({ secret: jwtSecret, algorithms: ['HS256'] }).unless({ path: ['/token', '/health'] })
);

app.use('/reports', expressJwt({
  secret: process.env.REPORTS_KEY,
  algorithms: ['HS256'],
  audience: 'reports',
  issuer: 'https://id.examplesoft.com',
  // expect: jwt/ignore-expiration
  ignoreExpiration: true,
}));

app.use(function (err, req, res, next) {
  if (err.name === 'UnauthorizedError') {
    return res.status(401).send('invalid token...');
  }
  return next(err);
});

module.exports.app = app;
