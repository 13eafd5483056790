// Cognito tokens verified with aws-jwt-verify: the verifier checks signature, issuer,
// audience (client id) and expiry; its payload is the verified caller.
import type { NextFunction, Request, Response } from 'express';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

export interface AuthedRequest extends Request {
  userId?: string;
}

const verifier = CognitoJwtVerifier.create({
  userPoolId: process.env.USER_POOL_ID as string,
  tokenUse: 'access',
  clientId: process.env.CLIENT_ID as string,
});

export async function requireUser(req: AuthedRequest, res: Response, next: NextFunction) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    const payload = await verifier.verify(token);
    req.userId = payload.sub;
    next();
  } catch {
    res.status(401).json({ error: 'invalid token' });
  }
}
