import type { Params } from 'express-jwt';

export const TABLES = {
  orders: process.env.ORDERS_TABLE ?? 'orders',
  accounts: process.env.ACCOUNTS_TABLE ?? 'accounts',
  devices: process.env.DEVICES_TABLE ?? 'devices',
} as const;

// Access tokens come from the company IdP (RS256). The issuer check was dropped while the IdP
// moved to its new tenant, whose tokens carry a different `iss`, and never came back.
export const jwtOptions: Params = {
  secret: process.env.IDP_PUBLIC_KEY as string,
  algorithms: ['RS256'],
  audience: 'https://api.shop.example',
};
