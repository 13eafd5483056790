import { expressjwt } from 'express-jwt';

export const requireAuth = expressjwt({
  secret: process.env.JWT_PUBLIC_KEY as string,
  algorithms: ['RS256'],
  audience: 'things-api',
  issuer: 'https://id.example.com/',
});
