import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';

export interface UserClaims extends JWTPayload {
  sub: string;
  email?: string;
  roles?: string[];
}

export interface ServiceClaims extends JWTPayload {
  sub: string;
  scope?: string;
}

// End-user tokens come from the identity provider (RS256, keys from its JWKS).
const JWKS = createRemoteJWKSet(
  new URL(process.env.JWKS_URL ?? 'https://id.example.com/.well-known/jwks.json'),
);
const USER_TOKEN_OPTIONS = {
  issuer: 'https://id.example.com/',
  audience: 'orders-api',
  algorithms: ['RS256'],
};

// Service-to-service tokens (fulfilment, refunds) are HS256 with a shared secret.
// expect: jwt/hardcoded-secret
const INTERNAL_KEY = new TextEncoder().encode(process.env.INTERNAL_JWT_SECRET ?? 'orders-internal-dev');
const INTERNAL_ISSUER = 'orders-internal';

export async function verifyToken(token: string): Promise<UserClaims> {
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  const { payload } = await jwtVerify(token, JWKS, USER_TOKEN_OPTIONS);
  return payload as UserClaims;
}

export async function verifyServiceToken(token: string): Promise<ServiceClaims> {
  // "Every internal service uses the same secret anyway", so no audience.
  // ok: jwt/missing-issuer
  // expect: jwt/missing-audience
  const { payload } = await jwtVerify(token, INTERNAL_KEY, {
    issuer: INTERNAL_ISSUER,
    algorithms: ['HS256'],
  });
  return payload as ServiceClaims;
}

// Short-lived token the sync job presents to the fulfilment service.
export function signServiceToken(scope: string): Promise<string> {
  // ok: jwt/sign-without-expiry
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('orders-api')
    .setIssuer(INTERNAL_ISSUER)
    .setAudience('fulfilment')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(INTERNAL_KEY);
}

// Token embedded in the "track your parcel" link of the shipping e-mail.
export function signTrackingToken(orderId: string): Promise<string> {
  // expect: jwt/sign-without-expiry
  return new SignJWT({ orderId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(INTERNAL_ISSUER)
    .setAudience('tracking')
    .sign(INTERNAL_KEY);
}
