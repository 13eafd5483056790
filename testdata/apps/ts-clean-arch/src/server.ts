import express, { type NextFunction, type Request, type Response } from 'express';
import { expressjwt } from 'express-jwt';
import { jwtOptions } from '@app/config';
import { accountRouter, decodeUser, mobileRouter, ordersRouter } from '@app/http';

export const app = express();
app.use(express.json({ limit: '100kb' }));

app.get('/health', (_req: Request, res: Response) => {
  res.json({ status: 'ok' });
});

// Mobile traffic comes through API Gateway (see http/decodeUser.ts).
app.use('/mobile', decodeUser, mobileRouter);

// Every other route needs a token from the IdP. jwtOptions (config.ts) has no `issuer`: options
// imported from another file of the project are resolved there (whole-project analysis).
// ok: jwt/missing-algorithms, jwt/missing-audience
// expect: jwt/missing-issuer
app.use(expressjwt(jwtOptions).unless({ path: ['/health', '/orders/guest-checkout'] }));

app.use('/orders', ordersRouter);
app.use('/account', accountRouter);

app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  if (err.name === 'UnauthorizedError') {
    res.status(401).json({ error: 'invalid token' });
    return;
  }
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

if (process.env.NODE_ENV !== 'test') {
  app.listen(Number(process.env.PORT ?? 8080));
}
