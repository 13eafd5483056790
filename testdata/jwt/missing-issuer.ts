import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt, { type JwtPayload, type VerifyErrors } from 'jsonwebtoken';
import { expressjwt, type Request as JWTRequest } from 'express-jwt';
import passport from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { jwtVerify, type JWTVerifyOptions } from 'jose';

const AUDIENCE = 'mobile-app';
const ISSUER = 'https://id.example.org';
// ok: jwt/hardcoded-secret
const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY ?? '';
const hmacKey = new TextEncoder().encode(process.env.JWT_SECRET);

const settings = {
  verify: { algorithms: ['ES256'] as jwt.Algorithm[], audience: AUDIENCE },
  verifyStrict: { algorithms: ['ES256'] as jwt.Algorithm[], audience: AUDIENCE, issuer: ISSUER },
};

export class JwtAuthMiddleware {
  constructor(private readonly extraOptions: JWTVerifyOptions) {}

  handle: RequestHandler = (req, res, next) => {
    const token = req.headers.authorization?.replace('Bearer ', '') ?? '';
    // expect: jwt/missing-issuer
    jwt.verify(token, PUBLIC_KEY, { algorithms: ['ES256'], audience: AUDIENCE }, (err: VerifyErrors | null, decoded) => {
      if (err) {
        res.status(401).json({ error: err.name });
        return;
      }
      res.locals.user = decoded as JwtPayload;
      next();
    });
  };

  async verifyMobile(token: string) {
    // expect: jwt/missing-issuer
    const { payload } = await jwtVerify(token, hmacKey, { audience: AUDIENCE, algorithms: ['HS256'] });
    return payload;
  }

  async verifyAnything(token: string) {
    // expect: jwt/missing-audience, jwt/missing-issuer
    const { payload } = await jwtVerify(token, hmacKey);
    return payload;
  }

  async verifyMobileChecked(token: string) {
    // ok: jwt/missing-issuer
    const { payload } = await jwtVerify(token, hmacKey, { audience: AUDIENCE, issuer: ISSUER });
    return payload;
  }

  // The spread comes from a constructor parameter: unresolvable.
  async verifyExtra(token: string) {
    // ok: jwt/missing-issuer
    const { payload } = await jwtVerify(token, hmacKey, { ...this.extraOptions, audience: AUDIENCE });
    return payload;
  }
}

export function verifyWithSettings(token: string): JwtPayload {
  // expect: jwt/missing-issuer
  return jwt.verify(token, PUBLIC_KEY, settings.verify) as JwtPayload;
}

export function verifyWithStrictSettings(token: string): JwtPayload {
  // ok: jwt/missing-issuer
  return jwt.verify(token, PUBLIC_KEY, settings.verifyStrict) as JwtPayload;
}

// The parameter shadows the top-level `settings`.
export function verifyWithInjected(token: string, settings: { verify: jwt.VerifyOptions }): JwtPayload {
  // ok: jwt/missing-issuer
  return jwt.verify(token, PUBLIC_KEY, settings.verify) as JwtPayload;
}

// expect: jwt/missing-issuer
export const requireJwt = expressjwt({
  secret: PUBLIC_KEY,
  algorithms: ['ES256'],
  audience: AUDIENCE,
  isRevoked: async (_req: Request, token) => token?.payload === undefined,
});

// ok: jwt/missing-issuer
export const requireJwtStrict = expressjwt({ secret: PUBLIC_KEY, algorithms: ['ES256'], audience: AUDIENCE, issuer: ISSUER });

export function whoami(req: JWTRequest, res: Response, _next: NextFunction) {
  res.json({ sub: req.auth?.sub });
}

passport.use(
  'mobile',
  // expect: jwt/missing-issuer
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: PUBLIC_KEY,
      algorithms: ['ES256'],
      audience: AUDIENCE,
      jsonWebTokenOptions: { maxAge: '2h' },
    },
    (payload: JwtPayload, done: (e: Error | null, u?: object) => void) => done(null, payload),
  ),
);

passport.use(
  'mobile-strict',
  // ok: jwt/missing-issuer
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: PUBLIC_KEY,
      algorithms: ['ES256'],
      audience: AUDIENCE,
      jsonWebTokenOptions: { issuer: ISSUER, maxAge: '2h' },
    },
    (payload: JwtPayload, done: (e: Error | null, u?: object) => void) => done(null, payload),
  ),
);
