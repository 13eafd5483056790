'use strict';

const express = require('express');
const { ddb, tables, GetCommand, PutCommand } = require('./db');
const { requireAuth } = require('./middleware/auth');
const authRoutes = require('./routes/auth');
const apiRouter = require('./routes');
const ordersController = require('./controllers/ordersController');

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '64kb' }));

// Load balancer probe: one read of a fixed item proves the table is reachable.
// ok: express/unauthenticated-data-route
app.get('/health', async (req, res) => {
  await ddb.send(new GetCommand({ TableName: tables.orders, Key: { orderId: 'healthcheck' } }));
  res.json({ ok: true });
});

// /auth/login, /auth/register, /auth/refresh: public by design.
app.use('/auth', authRoutes);

// The customer API: the token is checked once, at the mount point.
app.use('/api', requireAuth, apiRouter);

// The carrier's integration pushes tracking updates here. It has no user token, so the route
// was added outside /api ("the carrier's IPs are allow-listed on the load balancer").
// expect: express/unauthenticated-data-route
app.post('/carrier/orders/:orderId/tracking', ordersController.recordTracking);

// Everything registered below needs a signed-in user.
app.use(requireAuth);

// ok: express/unauthenticated-data-route
app.put('/me/preferences', async (req, res, next) => {
  try {
    const preferences = {
      newsletter: req.body.newsletter === true,
      currency: ['EUR', 'USD', 'GBP'].includes(req.body.currency) ? req.body.currency : 'EUR',
    };
    await ddb.send(new PutCommand({
      TableName: tables.users,
      // ok: ddb/key-from-request
      Item: { userId: req.user.sub, sk: 'PREFERENCES', ...preferences },
    }));
    res.status(204).end();
  } catch (err) {
    next(err);
  }
});

app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

if (require.main === module) {
  app.listen(Number(process.env.PORT) || 3000);
}

module.exports = app;
