// jose in an ESM TypeScript module: a remote JWKS, option objects typed with `satisfies` and
// annotations, builders held in variables, and unsecured tokens for local development.
import { createRemoteJWKSet, jwtVerify, SignJWT, UnsecuredJWT, type JWTVerifyOptions, type JWTPayload } from 'jose';
import * as jose from 'jose';
import type { NextFunction, Request, Response } from 'express';

const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL!));

const verifyOptions = {
  issuer: 'https://tenant.eu.auth0.com/',
  audience: 'https://api.shop.test',
  algorithms: ['RS256'],
} satisfies JWTVerifyOptions;

const partnerOptions: JWTVerifyOptions = { issuer: 'https://partner.test' };

const HMAC = ['HS256', 'HS384'];
const mixedOptions = {
  // expect: jwt/algorithm-confusion
  algorithms: [...HMAC, 'ES256'],
  audience: 'https://api.shop.test',
  issuer: 'https://tenant.eu.auth0.com/',
};

// expect: jwt/hardcoded-secret
const internalKey = new TextEncoder().encode(process.env.INTERNAL_KEY ?? 'internal-hmac-key');

function tenantDefaults(tenant: string): JWTVerifyOptions {
  return { issuer: `https://${tenant}.auth.test/` };
}

export async function authenticate(req: Request, res: Response, next: NextFunction) {
  const token = req.headers.authorization?.split(' ')[1];
  if (!token) return res.status(401).json({ error: 'missing token' });
  try {
    // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    const { payload } = await jwtVerify(token, JWKS, verifyOptions);
    res.locals.claims = payload;
    return next();
  } catch (err) {
    return next(err);
  }
}

export const verifyPartner = async (token: string): Promise<JWTPayload> => {
  // expect: jwt/missing-audience
  const { payload } = await jwtVerify(token, JWKS, partnerOptions);
  return payload;
};

export const verifyMixed = async (token: string) =>
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  (await jose.jwtVerify(token, JWKS, mixedOptions)).payload;

export const verifyInternal = async (token: string) => {
  // expect: jwt/missing-audience, jwt/missing-issuer
  const result = await jwtVerify(token, internalKey);
  return result.payload;
};

export const verifyThen = (token: string) =>
  // expect: jwt/missing-issuer
  jwtVerify(token, JWKS, { audience: 'https://api.shop.test' }).then(({ payload }) => payload);

export async function verifyTenant(token: string, tenant: string) {
  const options: JWTVerifyOptions = { ...tenantDefaults(tenant), audience: 'https://api.shop.test' };
  // ok: jwt/missing-audience, jwt/missing-issuer
  const { payload } = await jwtVerify(token, JWKS, options);
  return payload;
}

export default async function verifyEmpty(token: string) {
  // expect: jwt/missing-audience
  const { payload } = await jwtVerify(token, JWKS, { issuer: 'https://tenant.eu.auth0.com/', audience: '' });
  return payload;
}

export async function issueServiceToken(service: string) {
  // ok: jwt/sign-without-expiry
  const builder = new SignJWT({ svc: service });
  builder.setProtectedHeader({ alg: 'HS256' });
  builder.setIssuedAt();
  builder.setExpirationTime('5m');
  return builder.sign(internalKey);
}

export const issueDownloadToken = async (fileId: string) =>
  // expect: jwt/sign-without-expiry
  new SignJWT({ fileId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setAudience('downloads')
    .sign(internalKey);

const withDefaults = (b: SignJWT) => b.setExpirationTime('1h').setIssuer('https://shop.test');

export const issueViaHelper = async (sub: string) => {
  // ok: jwt/sign-without-expiry
  const b = new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' });
  return withDefaults(b).sign(internalKey);
};

export const issueLocal = async (sub: string) => {
  // expect: jwt/sign-without-expiry
  const b = new jose.SignJWT({ sub });
  b.setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  return b.sign(internalKey);
};

// Builder factories: the builder is returned or handed on before `sign`, so the expiry may be set
// later (and is, below). Not flagged.
// ok: jwt/sign-without-expiry
const baseToken = (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();

function partnerToken(claims: JWTPayload) {
  // ok: jwt/sign-without-expiry
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://shop.test');
}

const finish = (b: SignJWT) => b.setExpirationTime('2h').sign(internalKey);

export const issueSession = async (sub: string) => baseToken({ sub }).setExpirationTime('8h').sign(internalKey);
export const issuePartner = async (sub: string) => partnerToken({ sub }).setExpirationTime('1h').sign(internalKey);
// ok: jwt/sign-without-expiry
export const issueFinished = async (sub: string) => finish(new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }));

export const devToken = (sub: string) =>
  // expect: jwt/none-algorithm
  new UnsecuredJWT({ sub }).setIssuedAt().setExpirationTime('1h').encode();

export const readDevToken = (token: string) =>
  // expect: jwt/none-algorithm
  jose.UnsecuredJWT.decode(token, { issuer: 'dev' }).payload;
