import { Router } from 'express';
import { authenticate } from '../auth/index.js';
import { services } from '../container.js';

// Mounted at /api/orders. `authenticate` verifies the token (auth/jwt.ts, jose jwtVerify) and
// puts the claims on res.locals.user.
const router = Router();
router.use(authenticate);

router.get('/', async (req, res) => {
  res.json(await services.orders.listMine(res.locals.user.sub, Number(req.query.limit ?? 20)));
});

router.get('/search', async (req, res) => {
  const field = String(req.query.in ?? 'note');
  res.json(await services.orders.search(res.locals.user.sub, field, String(req.query.q ?? '')));
});

// Any signed-in customer can read any order by id.
router.get('/:id', async (req, res) => {
  const order = await services.orders.get(req.params.id);
  if (!order) return res.status(404).json({ error: 'order not found' });
  return res.json(order);
});

// ok: express/unauthenticated-data-route
router.post('/', async (req, res) => {
  const order = await services.orders.place(res.locals.user.sub, req.body.lines ?? [], req.body.note);
  res.status(201).json(order);
});

// "Send as a gift": the order is filed under the recipient's account, which the client names.
// ok: express/unauthenticated-data-route
router.post('/gift', async (req, res) => {
  const recipient = req.body.recipientId ?? res.locals.user.sub;
  const order = await services.orders.place(recipient, req.body.lines ?? [], `gift from ${res.locals.user.sub}`);
  res.status(201).json({ orderId: order.orderId });
});

// Scoped to the caller: the repository's condition is bound to res.locals.user.sub.
// ok: express/unauthenticated-data-route
router.post('/:id/cancel', async (req, res) => {
  await services.orders.cancel(req.params.id, res.locals.user.sub);
  res.status(204).end();
});

// The back-office screen posts the customer id it displays along with the new status.
// ok: express/unauthenticated-data-route
router.put('/:id/status', async (req, res) => {
  await services.orders.setStatus(req.params.id, req.body.status, req.body.userId);
  res.status(204).end();
});

export default router;
