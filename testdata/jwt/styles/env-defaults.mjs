// ESM app written with arrows throughout: settings destructured from process.env with defaults,
// express-jwt v7 (renamed import) with `.unless()`, and an `export default` middleware.
import express from 'express';
import { expressjwt as requireAuth } from 'express-jwt';
import jwt from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';
import { createHmac } from 'node:crypto';

const {
  // expect: jwt/hardcoded-secret
  JWT_SECRET = 'dev-only-secret',
  JWT_AUDIENCE,
  JWT_ISSUER = 'http://localhost:3000',
  AUTH0_DOMAIN,
} = process.env;

// ok: jwt/hardcoded-secret
const WEBHOOK_SECRET = 'whsec_local_webhook_secret';

const publicPaths = ['/login', '/signup', /^\/public\//];

export const app = express();
app.use(express.json());

app.use(
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  requireAuth({ secret: JWT_SECRET, algorithms: ['HS256'], audience: JWT_AUDIENCE, issuer: JWT_ISSUER })
    .unless({ path: publicPaths }),
);

const auth0 = requireAuth({
  secret: jwksRsa.expressJwtSecret({ cache: true, jwksUri: `https://${AUTH0_DOMAIN}/.well-known/jwks.json` }),
  audience: JWT_AUDIENCE,
  issuer: `https://${AUTH0_DOMAIN}/`,
  // expect: jwt/none-algorithm
  algorithms: ['RS256', 'None'],
});

// expect: jwt/missing-issuer
const optionalAuth = requireAuth({ secret: JWT_SECRET, algorithms: ['HS256'], audience: JWT_AUDIENCE, issuer: '', credentialsRequired: false });

const legacyAuth = requireAuth({
  secret: JWT_SECRET,
  audience: JWT_AUDIENCE,
  issuer: JWT_ISSUER,
  algorithms: process.env.JWT_ALGORITHMS
    ? process.env.JWT_ALGORITHMS.split(',')
    // expect: jwt/none-algorithm
    : ['HS256', 'none'],
});

const sessionOptions = process.env.NODE_ENV === 'production'
  ? { algorithms: ['HS512'], audience: JWT_AUDIENCE, clockTolerance: 5 }
  : { algorithms: ['HS256'], audience: JWT_AUDIENCE };

export const verifySession = (token) =>
  // expect: jwt/missing-issuer
  jwt.verify(token, JWT_SECRET, sessionOptions);

const bearer = (req) => (req.get('authorization') ?? '').replace(/^Bearer /, '');

export const verifyToken = (token) =>
  // expect: jwt/missing-audience
  jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: undefined });

// The parameter shadows the module-level webhook secret.
export const verifyWithKey = (token, WEBHOOK_SECRET) =>
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  jwt.verify(token, WEBHOOK_SECRET, { algorithms: ['HS256'], audience: JWT_AUDIENCE, issuer: JWT_ISSUER });

export const verifyRotated = (token) => {
  const { JWT_SECRET } = process.env;
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  return jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'], audience: JWT_AUDIENCE, issuer: JWT_ISSUER });
};

export const issue = (user) =>
  // ok: jwt/sign-without-expiry
  jwt.sign({ sub: user.id, exp: Math.floor(Date.now() / 1000) + 60 * 60 }, JWT_SECRET, { algorithm: 'HS256' });

export const issueInvite = (email) =>
  // expect: jwt/sign-without-expiry
  jwt.sign({ email, purpose: 'invite' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: undefined });

export const issueOpaque = (id) =>
  // ok: jwt/sign-without-expiry
  jwt.sign(`session:${id}`, JWT_SECRET);

export const issueUnsigned = (sub) =>
  // expect: jwt/sign-without-expiry
  jwt.sign({ sub }, null, {
    // expect: jwt/none-algorithm
    algorithm: 'none',
  });

export const issueSpread = (claims) =>
  // ok: jwt/sign-without-expiry
  jwt.sign({ ...claims }, JWT_SECRET, { algorithm: 'HS256' });

export const signWebhook = (body) => createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');

export default (req, res, next) => {
  try {
    req.user = verifyToken(bearer(req));
    return next();
  } catch (err) {
    return res.status(401).json({ message: 'Unauthorized' });
  }
};

app.post('/login', async (req, res) => {
  const user = await app.locals.users.check(req.body.email, req.body.password);
  if (!user) return res.status(401).json({ error: 'bad credentials' });
  return res.json({ token: issue(user) });
});

app.get('/me', auth0, (req, res) => res.json({ sub: req.auth.sub }));
app.get('/legacy', legacyAuth, (req, res) => res.json({ sub: req.auth.sub }));
app.get('/feed', optionalAuth, (req, res) => res.json({ anonymous: !req.auth }));

app.use((err, req, res, next) => (err.name === 'UnauthorizedError' ? res.status(401).end() : next(err)));
