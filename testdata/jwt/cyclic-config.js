// Configuration objects that refer to themselves (a typo, or two modules' worth of settings in
// one file). Resolving them used to recurse without end and abort the whole scan (found by
// fuzzing). They resolve to "unknown" now, and the rest of the file is still checked.
const jwt = require('jsonwebtoken');

const settings = {
  secret: settings.secret,
  options: { algorithms: ['HS256'], audience: 'orders', issuer: 'https://auth.example.test' },
};

const first = { key: second.key };
const second = { key: first.key };

const nested = {
  auth: { jwt: { secret: process.env.JWT_SECRET } },
};
nested.auth.jwt.secret = nested.auth.jwt.secret;

function verifyAll(token) {
  // ok: jwt/hardcoded-secret, jwt/missing-algorithms
  jwt.verify(token, settings.secret, settings.options);
  // ok: jwt/hardcoded-secret
  jwt.verify(token, first.key, settings.options);
  // ok: jwt/hardcoded-secret
  jwt.verify(token, nested.auth.jwt.secret, settings.options);
}

function verifyLoose(token) {
  // expect: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  return jwt.verify(token, process.env.JWT_SECRET);
}

module.exports = { verifyAll, verifyLoose };
