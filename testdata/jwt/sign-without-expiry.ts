import { Router, type Request, type Response, type NextFunction } from 'express';
import { sign, type SignOptions } from 'jsonwebtoken';
import { SignJWT, importPKCS8 } from 'jose';
import { signDefaults } from '../config/jwt';

interface User {
  id: string;
  email: string;
  roles: string[];
}

const privateKey = process.env.JWT_PRIVATE_KEY as string;
const ISSUER = 'https://accounts.example.com';

const signOptions: SignOptions = { algorithm: 'RS256', issuer: ISSUER };
const expiringSignOptions: SignOptions = { algorithm: 'RS256', issuer: ISSUER, expiresIn: '10m' };

export class AccountTokens {
  issueAccess(user: User): string {
    const payload = { sub: user.id, email: user.email, roles: user.roles };
    // expect: jwt/sign-without-expiry
    return sign(payload, privateKey, signOptions);
  }

  issueShortLived(user: User): string {
    const payload = { sub: user.id, roles: user.roles };
    // ok: jwt/sign-without-expiry
    return sign(payload, privateKey, expiringSignOptions);
  }

  issueMachine(clientId: string): Promise<string> {
    return new Promise((resolve, reject) => {
      // expect: jwt/sign-without-expiry
      sign({ sub: clientId, kind: 'machine' }, privateKey, { algorithm: 'RS256' }, (err, token) => {
        if (err || !token) return reject(err);
        resolve(token);
      });
    });
  }

  issueAssembled(user: User): string {
    const options: SignOptions = {};
    options.algorithm = 'RS256';
    options.issuer = ISSUER;
    // expect: jwt/sign-without-expiry
    return sign({ sub: user.id }, privateKey, options);
  }

  issueAssembledExpiring(user: User): string {
    const options: SignOptions = {};
    options.algorithm = 'RS256';
    options.expiresIn = '1h';
    // ok: jwt/sign-without-expiry
    return sign({ sub: user.id }, privateKey, options);
  }

  issueWithExp(user: User): string {
    const nowSeconds = Math.floor(Date.now() / 1000);
    // ok: jwt/sign-without-expiry
    return sign({ sub: user.id, iat: nowSeconds, exp: nowSeconds + 900 }, privateKey, signOptions);
  }

  issueGeneric(payload: Record<string, unknown>): string {
    // ok: jwt/sign-without-expiry
    return sign(payload, privateKey, signOptions);
  }

  issueWithDefaults(user: User): string {
    // ok: jwt/sign-without-expiry
    return sign({ sub: user.id }, privateKey, signDefaults);
  }

  issueHealthProbe(): string {
    // ok: jwt/sign-without-expiry
    return sign('health-probe', privateKey, { algorithm: 'RS256' });
  }

  async issueJose(user: User): Promise<string> {
    const key = await importPKCS8(privateKey, 'RS256');
    // expect: jwt/sign-without-expiry
    const token = await new SignJWT({ roles: user.roles })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .sign(key);
    return token;
  }

  async issueJoseDelayed(user: User): Promise<string> {
    const key = await importPKCS8(privateKey, 'RS256');
    // expect: jwt/sign-without-expiry
    return new SignJWT({ sub: user.id }).setProtectedHeader({ alg: 'RS256' }).setNotBefore('5m').sign(key);
  }

  async issueJoseExpiring(user: User): Promise<string> {
    const key = await importPKCS8(privateKey, 'RS256');
    // ok: jwt/sign-without-expiry
    return new SignJWT({ sub: user.id }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('15m').sign(key);
  }
}

const tokens = new AccountTokens();

export const router = Router();

router.post('/login', async (req: Request, res: Response, next: NextFunction) => {
  try {
    const user: User = { id: String(req.body.userId), email: String(req.body.email), roles: ['member'] };
    res.json({ access: tokens.issueAccess(user), jose: await tokens.issueJose(user) });
  } catch (err) {
    next(err);
  }
});
