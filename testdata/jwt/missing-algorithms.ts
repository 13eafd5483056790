import type { NextFunction, Request, Response } from 'express';
import jwt, { JwtPayload, VerifyOptions } from 'jsonwebtoken';
import { expressjwt } from 'express-jwt';
import passport from 'passport';
import { Strategy, ExtractJwt, StrategyOptions } from 'passport-jwt';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const AUDIENCE = 'orders-api';
const ISSUER = 'https://login.example.com';
const JWKS = createRemoteJWKSet(new URL('https://login.example.com/.well-known/jwks.json'));

interface AuthedRequest extends Request {
  user?: JwtPayload;
}

export class TokenVerifier {
  constructor(private readonly publicKey: string) {}

  // Promise-wrapped callback verify; options typed but without algorithms.
  verify(token: string): Promise<JwtPayload> {
    const options: VerifyOptions = { audience: AUDIENCE, issuer: ISSUER };
    return new Promise((resolve, reject) => {
      // expect: jwt/missing-algorithms
      jwt.verify(token, this.publicKey, options, (err, decoded) => {
        if (err) return reject(err);
        resolve(decoded as JwtPayload);
      });
    });
  }

  // Same shape with algorithms pinned.
  verifyStrict(token: string): JwtPayload {
    const options: VerifyOptions = {
      algorithms: ['RS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    };
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, this.publicKey, options) as JwtPayload;
  }

  // Options come from the caller: unresolvable, not flagged.
  verifyWith(token: string, options: VerifyOptions): JwtPayload {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    return jwt.verify(token, this.publicKey, options) as JwtPayload;
  }
}

const verifier = new TokenVerifier(process.env.JWT_PUBLIC_KEY!);

export async function requireUser(req: AuthedRequest, res: Response, next: NextFunction) {
  const token = req.header('authorization')?.slice(7) ?? '';
  try {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    req.user = await verifier.verify(token);
    return next();
  } catch {
    return res.status(401).json({ message: 'Unauthorized' });
  }
}

export function requireService(req: AuthedRequest, res: Response, next: NextFunction) {
  try {
    // expect: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    const claims = <JwtPayload>jwt.verify(String(req.headers['x-service-token']), process.env.SERVICE_KEY!);
    req.user = claims;
    return next();
  } catch (err) {
    return next(err);
  }
}

// jose is never flagged for algorithms: the key type fixes the family.
export async function requireJoseUser(req: AuthedRequest, res: Response, next: NextFunction) {
  try {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    const { payload } = await jwtVerify(req.cookies.token, JWKS, { audience: AUDIENCE, issuer: ISSUER });
    req.user = payload;
    return next();
  } catch {
    return res.sendStatus(401);
  }
}

// expect: jwt/missing-algorithms
export const checkJwt = expressjwt({
  secret: process.env.JWT_PUBLIC_KEY!,
  audience: AUDIENCE,
  issuer: ISSUER,
});

// ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
export const checkJwtStrict = expressjwt({
  secret: process.env.JWT_PUBLIC_KEY!,
  algorithms: ['RS256'],
  audience: AUDIENCE,
  issuer: ISSUER,
});

const strategyOptions: StrategyOptions = {
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  secretOrKey: process.env.JWT_PUBLIC_KEY!,
  jsonWebTokenOptions: { audience: AUDIENCE, issuer: ISSUER },
};

// expect: jwt/missing-algorithms
passport.use(new Strategy(strategyOptions, (payload: JwtPayload, done) => done(null, payload)));

// ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
passport.use('jwt-strict', new Strategy({ ...strategyOptions, algorithms: ['RS256'] }, (payload: JwtPayload, done) => done(null, payload)));
