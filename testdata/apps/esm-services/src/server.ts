import express from 'express';
import { optionalUser, requireService, type ServiceClaims } from './auth/index.js';
import { services } from './container.js';
import mobileRouter from './routes/mobile.js';
import ordersRouter from './routes/orders.js';
import webhookRouter from './routes/webhooks.js';

const app = express();
app.disable('x-powered-by');

// Before the JSON parser: the Stripe route needs the raw body.
app.use('/webhook', webhookRouter);

app.use(express.json({ limit: '64kb' }));

app.use('/api/orders', ordersRouter);
app.use('/mobile', mobileRouter);

app.get('/api/promotions', optionalUser, (req, res) => {
  res.json({ personalised: Boolean(res.locals.user), items: [] });
});

// The refund tool calls this with a service token carrying the orders:refund scope.
// ok: express/unauthenticated-data-route
app.post('/internal/orders/:id/refund', requireService, async (req, res) => {
  const caller = res.locals.service as ServiceClaims;
  if (!String(caller.scope ?? '').split(' ').includes('orders:refund')) {
    return res.status(403).json({ error: 'orders:refund scope required' });
  }
  await services.orders.refund(req.params.id, String(req.body.reason ?? '').slice(0, 200));
  return res.status(204).end();
});

app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

if (process.env.NODE_ENV !== 'test') {
  app.listen(Number(process.env.PORT ?? 3000));
}

export default app;
