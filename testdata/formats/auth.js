// A small middleware file used by the output-format snapshot tests.
const jwt = require('jsonwebtoken');

// expect: jwt/hardcoded-secret
const SECRET = process.env.JWT_SECRET || 'dev-secret';

function requireAuth(req, res, next) {
  const token = (req.get('authorization') || '').replace(/^Bearer /, '');
  try {
    // expect: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    req.user = jwt.verify(token, SECRET);
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
}

function issue(user) {
  // expect: jwt/sign-without-expiry
  return jwt.sign({ sub: user.id }, SECRET, { algorithm: 'HS256' });
}

function issueService(service) {
  // claimcheck-disable-next-line jwt/sign-without-expiry -- service tokens are rotated by the vault
  return jwt.sign({ sub: service.id, scope: 'internal' }, SECRET, { algorithm: 'HS256' });
}

module.exports = { requireAuth, issue, issueService };
