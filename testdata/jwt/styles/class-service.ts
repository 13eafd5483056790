// TypeScript service classes: options and keys live in class fields, the library comes in
// through `import x = require(...)`, and casts wrap the options objects.
import jwt = require('jsonwebtoken');
import type { JwtPayload, SignOptions, VerifyOptions } from 'jsonwebtoken';
import { Router, type NextFunction, type Request, type Response } from 'express';
import cookieParser from 'cookie-parser';

const ISSUER = 'https://login.acme.test/';
enum Alg { Hmac = 'HS256', Rsa = 'RS256' }
const AUDIENCE = 'acme-billing';

export class TokenService {
  private readonly options: VerifyOptions = {
    algorithms: ['RS256'],
    audience: AUDIENCE,
    issuer: ISSUER,
  };

  private readonly legacyOptions: VerifyOptions = { audience: AUDIENCE };

  private readonly signOptions: SignOptions = { algorithm: 'HS256', audience: AUDIENCE, issuer: ISSUER };

  static readonly REFRESH_OPTIONS: VerifyOptions = {
    // expect: jwt/algorithm-confusion
    algorithms: ['HS512', 'RS512'],
    audience: AUDIENCE,
    issuer: ISSUER,
  };

  // expect: jwt/hardcoded-secret
  private readonly refreshSecret: string = process.env.REFRESH_SECRET ?? 'refresh-fallback-secret';

  // expect: jwt/hardcoded-secret
  private static readonly SIGNING_SECRET = 'static-signing-secret';

  // ok: jwt/hardcoded-secret
  readonly cookieSecret = 'cookie-signing-only';

  private readonly hmacSecret: string;

  constructor(private readonly publicKey: string) {
    // expect: jwt/hardcoded-secret
    this.hmacSecret = process.env.HMAC_SECRET || 'hmac-dev-secret';
  }

  verifyAccess(token: string): JwtPayload {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, this.publicKey, this.options) as JwtPayload;
  }

  verifyLegacy(token: string): JwtPayload {
    // expect: jwt/missing-algorithms, jwt/missing-issuer
    return jwt.verify(token, this.publicKey, this.legacyOptions) as JwtPayload;
  }

  verifyRefresh(token: string): JwtPayload {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, this.refreshSecret, TokenService.REFRESH_OPTIONS) as JwtPayload;
  }

  verifyWith(token: string, options: VerifyOptions): JwtPayload {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, this.publicKey, options) as JwtPayload;
  }

  verifyInternal(token: string): JwtPayload {
    // expect: jwt/missing-audience
    return jwt.verify(token, this.hmacSecret, { algorithms: ['HS256'], issuer: ISSUER } as VerifyOptions) as JwtPayload;
  }

  verifyCast(token: string): JwtPayload {
    // expect: jwt/missing-algorithms
    return jwt.verify(token, this.publicKey, <VerifyOptions>{ audience: AUDIENCE, issuer: ISSUER }) as JwtPayload;
  }

  issueAccess(userId: string): string {
    // expect: jwt/sign-without-expiry
    return jwt.sign({ sub: userId }, this.hmacSecret, this.signOptions);
  }

  issueInvite(email: string): string {
    return jwt.sign({ email }, TokenService.SIGNING_SECRET, { ...this.signOptions, expiresIn: '2d' });
  }

  verifyEither(token: string) {
    // expect: jwt/algorithm-confusion
    return jwt.verify(token, this.publicKey, { algorithms: [Alg.Hmac, Alg.Rsa], audience: AUDIENCE, issuer: ISSUER });
  }

  issueRefresh(userId: string): string {
    // ok: jwt/sign-without-expiry
    return jwt.sign({ sub: userId, typ: 'refresh' }, this.refreshSecret, { ...this.signOptions, expiresIn: '30d' });
  }

  middleware = (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    try {
      res.locals.user = this.verifyAccess(header.replace(/^Bearer\s+/i, ''));
      return next();
    } catch (err) {
      return res.status(401).json({ error: 'invalid_token' });
    }
  };
}

const sessionOptions: VerifyOptions = { algorithms: ['HS256'] };

export default class SessionGuard {
  // expect: jwt/hardcoded-secret
  private readonly secret = 'session-guard-secret';

  check(token: string) {
    // expect: jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, this.secret, sessionOptions);
  }

  checkWith(token: string, sessionOptions: VerifyOptions) {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, this.secret, sessionOptions);
  }

  checkStrict(token: string) {
    const sessionOptions = { algorithms: ['HS256'] as jwt.Algorithm[], audience: AUDIENCE, issuer: ISSUER };
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, this.secret, sessionOptions);
  }

  static issue(sub: string, key: string) {
    const claims: Record<string, unknown> = { sub };
    // expect: jwt/sign-without-expiry
    return jwt.sign(claims, key, { algorithm: 'HS256' } satisfies SignOptions);
  }
}

const service = new TokenService(process.env.JWT_PUBLIC_KEY!);
const guard = new SessionGuard();

export const router = Router();
router.use(cookieParser(service.cookieSecret));
router.get('/invoices', service.middleware, (req: Request, res: Response) => {
  res.json({ owner: res.locals.user.sub });
});
router.get('/session', (req: Request, res: Response, next: NextFunction) => {
  try {
    res.locals.session = guard.check(req.cookies.sid);
    return res.json({ ok: true });
  } catch (err) {
    return next(err);
  }
});
