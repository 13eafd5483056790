import { Router, type NextFunction, type Request, type Response } from 'express';
import jwt, { type JwtPayload, type VerifyOptions } from 'jsonwebtoken';
import { expressjwt } from 'express-jwt';
import passport from 'passport';
import { ExtractJwt, Strategy, type StrategyOptions } from 'passport-jwt';

const AUDIENCE = 'support-portal';
const ISSUER = 'https://sso.example.com';
const publicKey = process.env.SSO_PUBLIC_KEY as string;

const tokenOptions: Record<'access' | 'refresh', VerifyOptions> = {
  access: { algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUER },
  refresh: {
    algorithms: ['RS256'],
    audience: AUDIENCE,
    issuer: ISSUER,
    // expect: jwt/ignore-expiration
    ignoreExpiration: true,
  },
};

export class SessionService {
  verifyAccess(token: string): JwtPayload {
    return jwt.verify(token, publicKey, tokenOptions.access) as JwtPayload;
  }

  verifyRefresh(token: string): Promise<JwtPayload> {
    return new Promise((resolve, reject) => {
      jwt.verify(token, publicKey, tokenOptions.refresh, (err, decoded) => {
        if (err) return reject(err);
        resolve(decoded as JwtPayload);
      });
    });
  }

  verifyForAudit(token: string): JwtPayload {
    // expect: jwt/ignore-expiration
    return jwt.verify(token, publicKey, { algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUER, ignoreExpiration: true }) as JwtPayload;
  }

  verifyForImpersonation(token: string): JwtPayload {
    const options: VerifyOptions = {};
    options.algorithms = ['RS256'];
    options.audience = AUDIENCE;
    options.issuer = ISSUER;
    // expect: jwt/ignore-expiration
    options.ignoreExpiration = true;
    return jwt.verify(token, publicKey, options) as JwtPayload;
  }

  verifyStrict(token: string): JwtPayload {
    const options: VerifyOptions = {
      algorithms: ['RS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
      // ok: jwt/ignore-expiration
      ignoreExpiration: false,
    };
    return jwt.verify(token, publicKey, options) as JwtPayload;
  }
}

const sessions = new SessionService();

export const router = Router();

router.post('/refresh', async (req: Request, res: Response, next: NextFunction) => {
  try {
    res.locals.previous = await sessions.verifyRefresh(String(req.body.refreshToken));
    return next();
  } catch {
    return res.status(401).json({ error: 'refresh denied' });
  }
});

router.use(
  '/tickets',
  expressjwt({
    secret: publicKey,
    algorithms: ['RS256'],
    audience: AUDIENCE,
    issuer: ISSUER,
    // expect: jwt/ignore-expiration
    ignoreExpiration: true,
  }),
);

// ok: jwt/ignore-expiration
router.use('/agents', expressjwt({ secret: publicKey, algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUER }));

const kioskOptions: StrategyOptions = {
  jwtFromRequest: ExtractJwt.fromUrlQueryParameter('t'),
  secretOrKey: publicKey,
  algorithms: ['RS256'],
  audience: AUDIENCE,
  issuer: ISSUER,
  // expect: jwt/ignore-expiration
  ignoreExpiration: true,
};

passport.use('kiosk', new Strategy(kioskOptions, (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload)));

const agentOptions: StrategyOptions = {
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  secretOrKey: publicKey,
  algorithms: ['RS256'],
  audience: AUDIENCE,
  issuer: ISSUER,
  // ok: jwt/ignore-expiration
  ignoreExpiration: false,
};

passport.use('agent', new Strategy(agentOptions, (payload: JwtPayload, done: (e: unknown, u?: unknown) => void) => done(null, payload)));
