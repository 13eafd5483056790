import express, { type NextFunction, type Request, type Response } from 'express';
import jwt, { type Algorithm, type JwtPayload, type SignOptions } from 'jsonwebtoken';
import { expressjwt } from 'express-jwt';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { UnsecuredJWT, jwtVerify, createRemoteJWKSet } from 'jose';

const AUDIENCE = 'dashboard';
const ISSUER = 'https://accounts.example.net';
const publicKey: string = process.env.JWT_PUBLIC_KEY!;
const privateKey: string = process.env.JWT_PRIVATE_KEY!;
const JWKS = createRemoteJWKSet(new URL('https://accounts.example.net/jwks'));

// expect: jwt/none-algorithm
const algorithms: Algorithm[] = ['RS256', 'none'];

// expect: jwt/none-algorithm
const unsignedOptions: SignOptions = { algorithm: 'none', expiresIn: '5m' };

// ok: jwt/none-algorithm
const signedOptions: SignOptions = { algorithm: 'RS256', expiresIn: '5m' };

// Not JWT options: an unrelated setting that happens to say 'none'.
// ok: jwt/none-algorithm
const archiveSettings = { algorithm: 'none', level: 0 };

export const app = express();

export function authenticate(req: Request, res: Response, next: NextFunction): void {
  const token = req.get('authorization')?.split(' ')[1] ?? '';
  try {
    res.locals.user = jwt.verify(token, publicKey, { algorithms, audience: AUDIENCE, issuer: ISSUER }) as JwtPayload;
    next();
  } catch (err) {
    res.status(401).json({ error: 'invalid token' });
  }
}

export function verifyAssembled(token: string): JwtPayload {
  const options: jwt.VerifyOptions = {};
  // expect: jwt/none-algorithm
  options.algorithms = ['none'];
  options.audience = AUDIENCE;
  options.issuer = ISSUER;
  return jwt.verify(token, publicKey, options) as JwtPayload;
}

export function verifyPinned(token: string): JwtPayload {
  // ok: jwt/none-algorithm
  return jwt.verify(token, publicKey, { algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUER }) as JwtPayload;
}

export function issuePreviewToken(userId: string): string {
  // ok: jwt/hardcoded-secret
  return jwt.sign({ sub: userId, scope: 'preview' }, '', unsignedOptions);
}

export function issueAccessToken(userId: string): string {
  return jwt.sign({ sub: userId, scope: 'full' }, privateKey, signedOptions);
}

export async function verifyJose(token: string) {
  // ok: jwt/none-algorithm
  const { payload } = await jwtVerify(token, JWKS, { audience: AUDIENCE, issuer: ISSUER, algorithms: ['RS256'] });
  return payload;
}

export function unsignedForTests(sub: string): string {
  // expect: jwt/none-algorithm
  const jwtBuilder = new UnsecuredJWT({ sub, scope: 'test' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime('10m');
  return jwtBuilder.encode();
}

export function readUnsigned(token: string): string | undefined {
  // expect: jwt/none-algorithm
  const { payload } = UnsecuredJWT.decode(token, { issuer: ISSUER, audience: AUDIENCE });
  return payload.sub;
}

// expect: jwt/none-algorithm
app.use('/embed', expressjwt({ secret: publicKey, algorithms: ['RS256', 'none'], audience: AUDIENCE, issuer: ISSUER }));

// ok: jwt/none-algorithm
app.use('/api', expressjwt({ secret: publicKey, algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUER }));

passport.use(
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromUrlQueryParameter('token'),
      secretOrKey: publicKey,
      // ok: jwt/none-algorithm
      algorithms: ['RS256', 'ES256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    },
    (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload),
  ),
);

app.post('/session', (req: Request, res: Response) => {
  const token = issueAccessToken(String(req.body.userId));
  // ok: jwt/none-algorithm
  res.cookie('session', token, { sameSite: 'none', secure: true, httpOnly: true });
  res.json({ archive: archiveSettings.level });
});
