// jwt/decode-without-verify in TypeScript / ESM: jose decodeJwt, jwt-decode's named export,
// jsonwebtoken's default and named decode, atob parsing, and a guard class.
import express, { type NextFunction, type Request, type Response } from 'express';
import jwt, { decode, type JwtPayload, type VerifyOptions } from 'jsonwebtoken';
import { jwtDecode, type JwtPayload as DecodedClaims } from 'jwt-decode';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importPKCS8, jwtVerify, SignJWT } from 'jose';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

interface AppClaims extends DecodedClaims {
  role?: string;
  scope?: string;
}

declare global {
  namespace Express { interface Request { auth?: JwtPayload } }
}

const router = express.Router();
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const JWKS = createRemoteJWKSet(new URL('https://idp.example/.well-known/jwks.json'));
const JOSE_OPTIONS = { audience: 'api', issuer: 'https://idp.example' };
const VERIFY_OPTIONS: VerifyOptions = { algorithms: ['RS256'], audience: 'api', issuer: 'https://idp.example' };
const TRUSTED_ISSUERS = new Map([
  ['https://idp.example', JWKS],
  ['https://partners.example', createRemoteJWKSet(new URL('https://partners.example/jwks'))],
]);

function bearerToken(req: Request): string | undefined {
  const [scheme, value] = (req.headers.authorization ?? '').split(' ');
  return scheme === 'Bearer' && value ? value : undefined;
}

// jose decodeJwt straight into res.locals.
export function tenantFromToken(req: Request, res: Response, next: NextFunction) {
  const token = bearerToken(req);
  if (!token) return res.sendStatus(401);
  // expect: jwt/decode-without-verify
  const claims = decodeJwt(token);
  res.locals.tenantId = claims.tenant_id as string;
  return next();
}

// A guard class whose scope check is an authorisation decision on decoded claims.
export class ScopeGuard {
  constructor(private readonly required: string) {}

  handle = (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    if (!token) return res.status(401).json({ error: 'missing token' });
    // expect: jwt/decode-without-verify
    const { scope = '' } = jwtDecode<AppClaims>(token);
    if (!scope.split(' ').includes(this.required)) {
      return res.status(403).json({ error: `missing scope ${this.required}` });
    }
    return next();
  };
}

// jsonwebtoken's named decode, returned from a request helper used for identity.
export function getIdentity(req: Request): JwtPayload | null {
  const token = bearerToken(req);
  if (!token) return null;
  // expect: jwt/decode-without-verify
  return decode(token, { json: true });
}

// atob payload parsing, the browser idiom copied into a server, deciding admin access.
export function requireAdmin(req: Request, res: Response, next: NextFunction) {
  const token: string | undefined = req.cookies?.access_token;
  if (!token) return res.sendStatus(401);
  // expect: jwt/decode-without-verify
  const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  if (payload.role !== 'admin') return res.status(403).json({ error: 'forbidden' });
  return next();
}

// Default import, the decoded object assigned to req.auth.
export const loadAuth = (req: Request, _res: Response, next: NextFunction) => {
  const token = bearerToken(req);
  // expect: jwt/decode-without-verify
  const decoded = token ? jwt.decode(token) : null;
  if (decoded && typeof decoded === 'object') req.auth = decoded;
  next();
};

// Negative: jwt-decode's header option picks the key; the same token is verified before use.
export function rsaAuth(keys: Map<string, string>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    if (!token) return res.sendStatus(401);
    // ok: jwt/decode-without-verify
    const { kid } = jwtDecode(token, { header: true });
    const key = kid ? keys.get(kid) : undefined;
    if (!key) return res.status(401).json({ error: 'unknown key' });
    try {
      req.auth = jwt.verify(token, key, VERIFY_OPTIONS) as JwtPayload;
      // ok: jwt/unchecked-verify-error
    } catch {
      return res.status(401).json({ error: 'invalid token' });
    }
    return next();
  };
}

// Negative: decodeJwt reads iss to choose the verifier, which runs on the same token before any
// claim is used; jose's protected-header decode rejects unexpected algorithms early.
export async function multiIssuerAuth(req: Request, res: Response, next: NextFunction) {
  const token = bearerToken(req);
  if (!token) return res.sendStatus(401);
  // ok: jwt/decode-without-verify
  const { alg } = decodeProtectedHeader(token);
  // ok: jwt/decode-without-verify
  const { iss } = decodeJwt(token);
  const jwks = iss ? TRUSTED_ISSUERS.get(iss) : undefined;
  if (alg !== 'RS256' || !iss || !jwks) return res.status(401).json({ error: 'untrusted token' });
  try {
    const { payload } = await jwtVerify(token, jwks, { audience: 'api', issuer: iss });
    req.auth = payload;
    // ok: jwt/unchecked-verify-error
  } catch {
    return res.status(401).json({ error: 'invalid token' });
  }
  return next();
}

// Negative: decoded after an awaited jwtVerify of the same token; the claims then key a read.
async function requireUser(req: Request, res: Response, next: NextFunction) {
  const token = bearerToken(req) ?? '';
  try {
    await jwtVerify(token, JWKS, JOSE_OPTIONS);
    // ok: jwt/unchecked-verify-error
  } catch {
    return res.status(401).json({ error: 'invalid token' });
  }
  // ok: jwt/decode-without-verify
  res.locals.user = decodeJwt(token);
  return next();
}

router.get('/profile', requireUser, async (_req: Request, res: Response) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Profiles',
    // ok: ddb/key-from-unverified-token
    Key: { userId: res.locals.user.sub },
  }));
  res.json(Item ?? {});
});

// Negative: a token the server has just signed, decoded to return its expiry.
router.post('/session/extend', requireUser, async (_req: Request, res: Response) => {
  const privateKey = await importPKCS8(process.env.JWT_PRIVATE_KEY!, 'RS256');
  const token = await new SignJWT({ sub: String(res.locals.user.sub), aud: 'api', iss: 'https://idp.example' })
    .setProtectedHeader({ alg: 'RS256' }).setIssuedAt().setExpirationTime('15m').sign(privateKey);
  // ok: jwt/decode-without-verify
  const { exp } = decodeJwt(token);
  res.json({ access_token: token, expires_at: exp });
});

// A token validator class: the decode rejects what does not parse and picks the key by kid,
// then the same token is verified (a failed verify throws to the caller).
export class PoolValidator {
  constructor(private readonly pems: Record<string, string>) {}

  validate(token: string): JwtPayload {
    // ok: jwt/decode-without-verify
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded) throw new Error('malformed token');
    const pem = this.pems[String(decoded.header.kid)];
    if (!pem) throw new Error('unknown key');
    return jwt.verify(token, pem, VERIFY_OPTIONS) as JwtPayload;
  }

  // Its twin: the claims are checked and returned, and nothing verifies the token.
  peekValid(token: string): JwtPayload {
    // expect: jwt/decode-without-verify
    const claims = jwt.decode(token) as JwtPayload | null;
    if (!claims || claims.iss !== 'https://idp.example') throw new Error('wrong issuer');
    return claims;
  }
}

router.get('/reports', tenantFromToken, new ScopeGuard('reports:read').handle, requireAdmin, (_req, res) => {
  res.json({ tenant: res.locals.tenantId });
});
router.get('/whoami', loadAuth, multiIssuerAuth, (req, res) => res.json(req.auth ?? getIdentity(req)));

export default router;
