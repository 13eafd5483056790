// Every ESM / TypeScript way of reaching the JWT libraries; each call is flagged
// once so a missed binding shows up as a missed finding.
import { promisify } from 'node:util';
import express, { type NextFunction, type Request, type Response } from 'express';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import * as jsonwebtoken from 'jsonwebtoken';
import { verify, sign } from 'jsonwebtoken';
import { verify as checkToken } from 'jsonwebtoken';
import jwtLib = require('jsonwebtoken');
import { expressjwt } from 'express-jwt';
import { expressjwt as guard } from 'express-jwt';
import passport from 'passport';
import { Strategy, ExtractJwt } from 'passport-jwt';
import { Strategy as JwtStrategy } from 'passport-jwt';
import * as passportJwt from 'passport-jwt';
import { jwtVerify, SignJWT, createRemoteJWKSet } from 'jose';
import { jwtVerify as verifyWithJose } from 'jose';
import * as jose from 'jose';

const KEY: string = process.env.JWT_PUBLIC_KEY!;
const SIGNING_KEY: string = process.env.JWT_PRIVATE_KEY!;
const AUD = 'payments';
const ISS = 'https://issuer.example.com';
const JWKS = createRemoteJWKSet(new URL('https://issuer.example.com/jwks'));

const verifyAsync = promisify(jwt.verify);

export function viaDefaultImport(token: string) {
  // expect: jwt/missing-algorithms
  return jwt.verify(token, KEY, { audience: AUD, issuer: ISS }) as JwtPayload;
}

export function viaNamespaceImport(token: string) {
  // expect: jwt/missing-algorithms
  return jsonwebtoken.verify(token, KEY, { audience: AUD, issuer: ISS });
}

export function viaNamedImport(token: string) {
  // expect: jwt/missing-algorithms
  return verify(token, KEY, { audience: AUD, issuer: ISS });
}

export function viaRenamedImport(token: string) {
  // expect: jwt/missing-algorithms
  return checkToken(token, KEY, { audience: AUD, issuer: ISS });
}

export function viaImportEquals(token: string) {
  // expect: jwt/missing-algorithms
  return jwtLib.verify(token, KEY, { audience: AUD, issuer: ISS });
}

export function viaImportEqualsChecked(token: string) {
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  return jwtLib.verify(token, KEY, { algorithms: ['RS256'], audience: AUD, issuer: ISS });
}

export async function viaPromisify(token: string) {
  // expect: jwt/missing-issuer
  return verifyAsync(token, KEY, { algorithms: ['RS256'], audience: AUD });
}

export function viaNamedSign(userId: string): string {
  // expect: jwt/sign-without-expiry
  return sign({ sub: userId }, SIGNING_KEY, { algorithm: 'RS256' });
}

export async function viaJoseNamed(token: string) {
  // expect: jwt/missing-audience
  const { payload } = await jwtVerify(token, JWKS, { issuer: ISS });
  return payload;
}

export async function viaJoseRenamed(token: string) {
  // expect: jwt/missing-issuer
  const { payload } = await verifyWithJose(token, JWKS, { audience: AUD });
  return payload;
}

export async function viaJoseNamespace(token: string) {
  // expect: jwt/missing-audience, jwt/missing-issuer
  const { payload } = await jose.jwtVerify(token, JWKS);
  return payload;
}

export async function viaJoseNamedSign(userId: string, key: Uint8Array): Promise<string> {
  // expect: jwt/sign-without-expiry
  return new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256' }).sign(key);
}

export async function viaJoseNamespaceUnsecured(userId: string): Promise<string> {
  // expect: jwt/none-algorithm
  return new jose.UnsecuredJWT({ sub: userId }).setExpirationTime('5m').encode();
}

export const app = express();

app.use(async (req: Request, res: Response, next: NextFunction) => {
  try {
    res.locals.user = await viaJoseNamed(req.get('authorization')?.slice(7) ?? '');
    return next();
  } catch {
    return res.status(401).json({ error: 'unauthorized' });
  }
});

// expect: jwt/missing-algorithms
app.use('/a', expressjwt({ secret: KEY, audience: AUD, issuer: ISS }));

// expect: jwt/missing-algorithms
app.use('/b', guard({ secret: KEY, audience: AUD, issuer: ISS }));

const strategyOptions = {
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  secretOrKey: KEY,
  audience: AUD,
  issuer: ISS,
};

// expect: jwt/missing-algorithms
passport.use('named', new Strategy(strategyOptions, (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload)));

// expect: jwt/missing-algorithms
passport.use('renamed', new JwtStrategy(strategyOptions, (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload)));

// expect: jwt/missing-algorithms
passport.use('namespace', new passportJwt.Strategy(strategyOptions, (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload)));
