import { Router, type NextFunction, type Request, type Response } from 'express';
import jwt, { type JwtPayload, type VerifyOptions } from 'jsonwebtoken';
import { expressjwt } from 'express-jwt';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';

const ISSUER = 'https://tenant.eu.auth0.com/';
const AUDIENCE = 'https://api.example.com';
const JWKS = createRemoteJWKSet(new URL(`${ISSUER}.well-known/jwks.json`));
const publicKey = process.env.JWT_PUBLIC_KEY as string;

const config = {
  auth: { secret: publicKey, algorithms: ['RS256'] as jwt.Algorithm[], issuer: ISSUER },
  cookieName: 'sid',
};

const baseVerify: VerifyOptions = { algorithms: ['RS256'], issuer: ISSUER };

export const router = Router();

export async function verifyAccess(token: string): Promise<JWTPayload> {
  // expect: jwt/missing-audience
  const { payload } = await jwtVerify(token, JWKS, { issuer: ISSUER, algorithms: ['RS256'] });
  return payload;
}

export async function verifyAccessChecked(token: string): Promise<JWTPayload> {
  // ok: jwt/missing-audience
  const { payload } = await jwtVerify(token, JWKS, { issuer: ISSUER, audience: AUDIENCE });
  return payload;
}

export async function verifyWithOptions(token: string, options: JWTVerifyOptions) {
  // ok: jwt/missing-audience
  const result = await jwtVerify(token, JWKS, options);
  return result.payload;
}

export function verifyRefresh(token: string): JwtPayload {
  // expect: jwt/missing-audience
  return jwt.verify(token, publicKey, { ...baseVerify, maxAge: '30d' }) as JwtPayload;
}

export function verifyRefreshChecked(token: string): JwtPayload {
  // ok: jwt/missing-audience
  return jwt.verify(token, publicKey, { ...baseVerify, audience: 'refresh' }) as JwtPayload;
}

export function verifyInvite(token: string): Promise<JwtPayload> {
  const options: VerifyOptions = {};
  options.algorithms = ['RS256'];
  options.issuer = ISSUER;
  return new Promise((resolve, reject) => {
    // expect: jwt/missing-audience
    jwt.verify(token, publicKey, options, (err, decoded) => {
      if (err) {
        reject(err);
        return;
      }
      resolve(decoded as JwtPayload);
    });
  });
}

export function verifyInviteChecked(token: string): JwtPayload {
  const options: VerifyOptions = {};
  options.algorithms = ['RS256'];
  options.issuer = ISSUER;
  options.audience = 'invites';
  // ok: jwt/missing-audience
  return jwt.verify(token, publicKey, options) as JwtPayload;
}

router.use(async (req: Request, res: Response, next: NextFunction) => {
  try {
    res.locals.claims = await verifyAccess(req.cookies[config.cookieName]);
    return next();
  } catch {
    return res.status(401).end();
  }
});

// expect: jwt/missing-audience
router.use('/admin', expressjwt(config.auth));

// ok: jwt/missing-audience
router.use('/ops', expressjwt({ ...config.auth, audience: AUDIENCE }));

passport.use(
  'api',
  // expect: jwt/missing-audience
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: publicKey,
      algorithms: ['RS256'],
      jsonWebTokenOptions: { issuer: ISSUER, maxAge: '1h' },
    },
    (payload: JwtPayload, done: (err: unknown, user?: unknown) => void) => done(null, { id: payload.sub }),
  ),
);

passport.use(
  'api-checked',
  // ok: jwt/missing-audience
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: publicKey,
      algorithms: ['RS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    },
    (payload: JwtPayload, done: (err: unknown, user?: unknown) => void) => done(null, { id: payload.sub }),
  ),
);
