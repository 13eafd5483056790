import express, { type NextFunction, type Request, type Response } from 'express';
import jwt, { type Algorithm, type GetPublicKeyOrSecret, type JwtPayload, type VerifyOptions } from 'jsonwebtoken';
import { expressjwt } from 'express-jwt';
import jwksRsa from 'jwks-rsa';
import passport from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

const AUDIENCE = 'ledger';
const ISSUER = 'https://login.example.io';
const publicKey = process.env.LEDGER_PUBLIC_KEY as string;

const jwksClient = jwksRsa({ jwksUri: `${ISSUER}/.well-known/jwks.json`, cache: true });

const getKey: GetPublicKeyOrSecret = (header, callback) => {
  jwksClient.getSigningKey(header.kid, (err, key) => callback(err, key?.getPublicKey()));
};

// expect: jwt/algorithm-confusion
const ALLOWED: Algorithm[] = ['RS384', 'HS384'];

// ok: jwt/algorithm-confusion
const ELLIPTIC: Algorithm[] = ['ES256', 'ES384'];

const base: VerifyOptions = { audience: AUDIENCE, issuer: ISSUER };

export const app = express();

export function verifyWithJwks(token: string): Promise<JwtPayload> {
  return new Promise((resolve, reject) => {
    // expect: jwt/algorithm-confusion
    jwt.verify(token, getKey, { algorithms: ['RS256', 'HS256'], audience: AUDIENCE, issuer: ISSUER }, (err, decoded) => {
      if (err) return reject(err);
      return resolve(decoded as JwtPayload);
    });
  });
}

export function verifyAllowed(token: string): JwtPayload {
  return jwt.verify(token, publicKey, { ...base, algorithms: ALLOWED }) as JwtPayload;
}

export function verifyElliptic(token: string): JwtPayload {
  return jwt.verify(token, publicKey, { ...base, algorithms: ELLIPTIC }) as JwtPayload;
}

export function verifySpread(token: string): JwtPayload {
  // expect: jwt/algorithm-confusion
  return jwt.verify(token, publicKey, { ...base, algorithms: ['HS512', 'RS512'] }) as JwtPayload;
}

export function verifyRsaFamily(token: string): JwtPayload {
  // ok: jwt/algorithm-confusion
  return jwt.verify(token, publicKey, { ...base, algorithms: ['RS256', 'PS256'] }) as JwtPayload;
}

export function verifyAssembled(token: string): JwtPayload {
  const opts: VerifyOptions = {};
  opts.audience = AUDIENCE;
  opts.issuer = ISSUER;
  // expect: jwt/algorithm-confusion
  opts.algorithms = ['RS256', 'HS256'];
  return jwt.verify(token, publicKey, opts) as JwtPayload;
}

export function verifyShared(token: string): JwtPayload {
  // ok: jwt/algorithm-confusion
  return jwt.verify(token, process.env.SHARED_SECRET as string, { ...base, algorithms: ['HS256'] }) as JwtPayload;
}

export async function requireLedgerUser(req: Request, res: Response, next: NextFunction) {
  try {
    res.locals.user = await verifyWithJwks(req.header('authorization')?.replace('Bearer ', '') ?? '');
    return next();
  } catch {
    return res.status(401).json({ error: 'unauthorized' });
  }
}

app.use(
  '/ledger',
  expressjwt({
    secret: jwksRsa.expressJwtSecret({ jwksUri: `${ISSUER}/.well-known/jwks.json` }) as any,
    // expect: jwt/algorithm-confusion
    algorithms: ['PS512', 'HS256'],
    audience: AUDIENCE,
    issuer: ISSUER,
  }),
);

app.use(
  '/statements',
  expressjwt({
    secret: publicKey,
    // ok: jwt/algorithm-confusion
    algorithms: ['EdDSA'],
    audience: AUDIENCE,
    issuer: ISSUER,
  }),
);

passport.use(
  'ledger',
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: publicKey,
      // expect: jwt/algorithm-confusion
      algorithms: ['HS256', 'ES512'],
      audience: AUDIENCE,
      issuer: ISSUER,
    },
    (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload),
  ),
);

passport.use(
  'ledger-strict',
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: publicKey,
      // ok: jwt/algorithm-confusion
      algorithms: ['RS512', 'ES512'],
      audience: AUDIENCE,
      issuer: ISSUER,
    },
    (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload),
  ),
);
