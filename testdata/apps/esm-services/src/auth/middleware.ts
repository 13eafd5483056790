import type { NextFunction, Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { verifyServiceToken, verifyToken } from './jwt.js';

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

// The verified claims go to res.locals.user for the handlers.
export async function authenticate(req: Request, res: Response, next: NextFunction) {
  const token = bearer(req);
  if (!token) return res.status(401).json({ error: 'missing token' });
  try {
    res.locals.user = await verifyToken(token);
  } catch {
    return res.status(401).json({ error: 'invalid token' });
  }
  return next();
}

// Pages that only look better with a user: a missing token is fine, and so is a bad one. The
// catch clears the user on purpose, so the request goes on anonymous, never as someone else.
export async function optionalUser(req: Request, res: Response, next: NextFunction) {
  const token = bearer(req);
  if (token) {
    try {
      res.locals.user = await verifyToken(token);
    // ok: jwt/unchecked-verify-error
    } catch {
      res.locals.user = undefined;
    }
  }
  next();
}

// Internal callers (refund tool, fulfilment) present a service token.
export async function requireService(req: Request, res: Response, next: NextFunction) {
  const token = req.get('x-service-token');
  if (!token) return res.status(401).end();
  try {
    res.locals.service = await verifyServiceToken(token);
  } catch (err) {
    return next(err);
  }
  return next();
}

// The mobile app goes through API Gateway, whose authorizer "already checked the token", so
// this router only decodes it. Nothing stops a request that reaches the service directly.
export function decodeUser(req: Request, res: Response, next: NextFunction) {
  const token = bearer(req);
  if (!token) return res.status(401).json({ error: 'missing token' });
  // expect: jwt/decode-without-verify
  res.locals.user = decodeJwt(token);
  return next();
}
