import type { NextFunction, Request, Response } from 'express';
import jwt, { type JwtPayload } from 'jsonwebtoken';

export interface MobileUser {
  sub: string;
  deviceId?: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: MobileUser;
    }
  }
}

// Mobile apps reach us through API Gateway, whose Lambda authorizer checks their tokens, so this
// middleware only reads the claims. (Nothing stops a request that reaches the service directly.)
export function decodeUser(req: Request, res: Response, next: NextFunction) {
  const token = req.get('authorization')?.replace(/^Bearer\s+/i, '');
  if (!token) {
    return res.status(401).json({ error: 'missing token' });
  }
  // expect: jwt/decode-without-verify
  const claims = jwt.decode(token) as JwtPayload | null;
  if (!claims?.sub) {
    return res.status(401).json({ error: 'malformed token' });
  }
  req.user = { sub: claims.sub, deviceId: claims.device_id };
  return next();
}
