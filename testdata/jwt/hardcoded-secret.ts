import { Router, type NextFunction, type Request, type Response } from 'express';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { expressjwt } from 'express-jwt';
import passport from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { SignJWT, jwtVerify, createRemoteJWKSet } from 'jose';

const AUDIENCE = 'notes';
const ISSUER = 'https://notes.example.dev';
const JWKS = createRemoteJWKSet(new URL('https://notes.example.dev/jwks.json'));

// expect: jwt/hardcoded-secret
const joseSecret = new TextEncoder().encode('jose-hs256-secret-value');

// ok: jwt/hardcoded-secret
const joseEnvSecret = new TextEncoder().encode(process.env.JOSE_SECRET!);

// expect: jwt/hardcoded-secret
const SESSION_SECRET: string = 'typed-session-secret';

// ok: jwt/hardcoded-secret
const IDP_CERT = `-----BEGIN CERTIFICATE-----
MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ
RTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYD
VQQDExlCYWx0aW1vcmUgQ3liZXJUcnVzdCBSb290MB4XDTAwMDUxMjE4NDYwMFoX
-----END CERTIFICATE-----`;

export class NotesAuth {
  constructor(private readonly secret: string) {}

  async verifyJose(token: string) {
    const { payload } = await jwtVerify(token, joseSecret, { audience: AUDIENCE, issuer: ISSUER });
    return payload;
  }

  async verifyJoseEnv(token: string) {
    const { payload } = await jwtVerify(token, joseEnvSecret, { audience: AUDIENCE, issuer: ISSUER });
    return payload;
  }

  async verifyRemote(token: string) {
    // ok: jwt/hardcoded-secret
    const { payload } = await jwtVerify(token, JWKS, { audience: AUDIENCE, issuer: ISSUER });
    return payload;
  }

  async issueShareLink(noteId: string): Promise<string> {
    return new SignJWT({ noteId, scope: 'read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(AUDIENCE)
      .setExpirationTime('1d')
      // expect: jwt/hardcoded-secret
      .sign(new TextEncoder().encode('share-link-signing-secret'));
  }

  // The key comes from the constructor: not a literal here.
  issueSession(userId: string): string {
    // ok: jwt/hardcoded-secret
    return jwt.sign({ sub: userId }, this.secret, { algorithm: 'HS256', expiresIn: '8h' });
  }

  issueFallbackSession(userId: string): string {
    // expect: jwt/hardcoded-secret
    return jwt.sign({ sub: userId }, process.env.SESSION_SECRET ?? 'local-session-secret', { expiresIn: '8h' });
  }

  verifySession(token: string): JwtPayload {
    return jwt.verify(token, SESSION_SECRET, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER }) as JwtPayload;
  }

  verifyEnvSession(token: string): JwtPayload {
    // ok: jwt/hardcoded-secret
    return jwt.verify(token, process.env.SESSION_SECRET!, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER }) as JwtPayload;
  }
}

export async function fingerprint(value: string): Promise<ArrayBuffer> {
  // Not a JWT key: a salt for a digest.
  // ok: jwt/hardcoded-secret
  const salt = new TextEncoder().encode('audit-fingerprint-salt');
  return crypto.subtle.digest('SHA-256', new Uint8Array([...salt, ...new TextEncoder().encode(value)]));
}

export const router = Router();

const auth = new NotesAuth(process.env.SESSION_SECRET!);

router.get('/share/:noteId', async (req: Request, res: Response, next: NextFunction) => {
  try {
    res.locals.user = await auth.verifyJose(req.get('authorization')?.slice(7) ?? '');
    return res.json({ link: await auth.issueShareLink(req.params.noteId) });
  } catch (err) {
    return next(err);
  }
});

router.use(
  '/notes',
  expressjwt({
    // expect: jwt/hardcoded-secret
    secret: `notes-express-secret`,
    algorithms: ['HS256'],
    audience: AUDIENCE,
    issuer: ISSUER,
  }),
);

passport.use(
  'idp',
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // ok: jwt/hardcoded-secret
      secretOrKey: IDP_CERT,
      algorithms: ['RS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    },
    (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload),
  ),
);

passport.use(
  'local-jwt',
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // expect: jwt/hardcoded-secret
      secretOrKey: process.env.LOCAL_JWT_SECRET || 'local-jwt-secret',
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    },
    (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload),
  ),
);
