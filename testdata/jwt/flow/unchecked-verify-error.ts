// jwt/unchecked-verify-error in TypeScript / ESM: jose jwtVerify with try/catch and promise
// chains, jsonwebtoken's default and named verify, a promisified verify and a middleware class.
import { promisify } from 'node:util';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import jwt, { verify, type JwtPayload, type VerifyErrors, type VerifyOptions } from 'jsonwebtoken';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

const router = Router();
const JWKS = createRemoteJWKSet(new URL('https://idp.example/.well-known/jwks.json'));
const JOSE_OPTIONS = { audience: 'api', issuer: 'https://idp.example' };
const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY!;
const VERIFY_OPTIONS: VerifyOptions = { algorithms: ['RS256'], audience: 'api', issuer: 'https://idp.example' };
const verifyAsync = promisify(jwt.verify) as unknown as (
  token: string, key: string, options: VerifyOptions,
) => Promise<JwtPayload>;

const bearer = (req: Request): string => (req.headers.authorization ?? '').replace(/^Bearer /, '');

// An empty optional-binding catch, then next() after the try.
export async function joseAuth(req: Request, res: Response, next: NextFunction) {
  try {
    const { payload } = await jwtVerify(bearer(req), JWKS, JOSE_OPTIONS);
    res.locals.user = payload;
    // expect: jwt/unchecked-verify-error
  } catch {
    // treat as anonymous
  }
  next();
}

// A promise chain whose .catch handler calls next() without an error.
export const promiseAuth: RequestHandler = (req, res, next) => {
  jwtVerify(bearer(req), JWKS, JOSE_OPTIONS)
    .then(({ payload }) => {
      res.locals.user = payload;
      next();
    })
    // expect: jwt/unchecked-verify-error
    .catch(() => next());
};

// A class middleware whose callback logs the error and carries on.
export class AuthMiddleware {
  constructor(private readonly key: string, private readonly log: Pick<Console, 'warn'> = console) {}

  handle: RequestHandler = (req, res, next) => {
    // expect: jwt/unchecked-verify-error
    verify(bearer(req), this.key, VERIFY_OPTIONS, (err: VerifyErrors | null, payload?: JwtPayload | string) => {
      if (err) this.log.warn(`jwt: ${err.message}`);
      res.locals.user = payload;
      next();
    });
  };
}

// The catch fills res.locals with a guest identity: a forged token becomes a guest session.
export function guestFallback(req: Request, res: Response, next: NextFunction) {
  try {
    res.locals.user = jwt.verify(bearer(req), PUBLIC_KEY, VERIFY_OPTIONS) as JwtPayload;
    // expect: jwt/unchecked-verify-error
  } catch (e) {
    res.locals.user = { sub: 'guest', role: 'guest' };
  }
  next();
}

// Promisified verify; the catch leaves only for expired tokens, others fall through to next().
export const refreshAuth: RequestHandler = async (req, res, next) => {
  try {
    res.locals.refresh = await verifyAsync(req.cookies.refresh_token, PUBLIC_KEY, VERIFY_OPTIONS);
    // expect: jwt/unchecked-verify-error
  } catch (error: unknown) {
    if (error instanceof jwt.TokenExpiredError) return res.status(401).json({ error: 'refresh expired' });
  }
  next();
};

// Negative: jose errors distinguished, every branch responds 401.
export async function strictJoseAuth(req: Request, res: Response, next: NextFunction) {
  try {
    const { payload } = await jwtVerify(bearer(req), JWKS, JOSE_OPTIONS);
    res.locals.user = payload;
    // ok: jwt/unchecked-verify-error
  } catch (e) {
    if (e instanceof errors.JWTExpired) return res.status(401).json({ error: 'token expired' });
    return res.status(401).json({ error: 'invalid token' });
  }
  return next();
}

// Negative: .catch(() => null) only supplies a fallback value, and the caller rejects it.
export async function softCheck(req: Request, res: Response, next: NextFunction) {
  // ok: jwt/unchecked-verify-error
  const result = await jwtVerify(bearer(req), JWKS, JOSE_OPTIONS).catch(() => null);
  if (!result) return res.status(401).json({ error: 'invalid token' });
  res.locals.user = result.payload;
  return next();
}

class UnauthorizedError extends Error {
  readonly status = 401;
}

// Negative: the catch throws; Express 5 turns the rejection into an error response.
export async function throwingAuth(req: Request, res: Response, next: NextFunction) {
  let payload: JwtPayload;
  try {
    payload = verify(bearer(req), PUBLIC_KEY, VERIFY_OPTIONS) as JwtPayload;
    // ok: jwt/unchecked-verify-error
  } catch (cause) {
    throw new UnauthorizedError('invalid token', { cause });
  }
  res.locals.user = payload;
  next();
}

// Negative: a class whose callback forwards the error to next().
export class StrictAuthMiddleware {
  constructor(private readonly key: string) {}

  handle: RequestHandler = (req, res, next) => {
    // ok: jwt/unchecked-verify-error
    jwt.verify(bearer(req), this.key, VERIFY_OPTIONS, (err, payload) => {
      if (err) return next(err);
      res.locals.user = payload;
      return next();
    });
  };
}

// Negative: a typed promise wrapper that rejects on error.
export function verifyBearer(token: string): Promise<JwtPayload> {
  return new Promise((resolve, reject) => {
    // ok: jwt/unchecked-verify-error
    jwt.verify(token, PUBLIC_KEY, VERIFY_OPTIONS, (err, decoded) => {
      if (err || !decoded || typeof decoded === 'string') return reject(err ?? new Error('bad payload'));
      resolve(decoded);
    });
  });
}

// Negative: a 401 followed by a bare return.
export const refreshStrict: RequestHandler = async (req, res, next) => {
  try {
    res.locals.refresh = await verifyAsync(req.cookies.refresh_token, PUBLIC_KEY, VERIFY_OPTIONS);
    // ok: jwt/unchecked-verify-error
  } catch {
    res.status(401).json({ error: 'refresh token rejected' });
    return;
  }
  next();
};

router.use(joseAuth, promiseAuth, new AuthMiddleware(PUBLIC_KEY).handle, guestFallback);
router.post('/refresh', refreshAuth, refreshStrict, (_req, res) => res.json({ ok: true }));
router.get('/strict', strictJoseAuth, softCheck, throwingAuth, (_req, res) => res.json(res.locals.user));
router.get('/classy', new StrictAuthMiddleware(PUBLIC_KEY).handle, (_req, res) => res.json(res.locals.user));

export default router;
