import { Router, type Response } from 'express';
import type { Request as JWTRequest } from 'express-jwt';
import { orderService } from '@app/container';
import { NotFoundError } from '@app/services/OrderService';
import type { OrderLine } from '@app/infra/OrderRepository';

// Behind the app-wide express-jwt (server.ts): req.auth holds the verified claims.
export const ordersRouter = Router();

function parseLines(body: unknown): OrderLine[] {
  const lines = (body as { lines?: unknown }).lines;
  if (!Array.isArray(lines) || lines.length === 0) return [];
  return lines.map((l) => ({ sku: String(l.sku), qty: Number(l.qty) || 1, unitPrice: Number(l.unitPrice) || 0 }));
}

ordersRouter.get('/', async (req: JWTRequest, res: Response) => {
  res.json(await orderService.listForUser(req.auth!.sub!));
});

// ok: express/unauthenticated-data-route
ordersRouter.post('/', async (req: JWTRequest, res: Response) => {
  const lines = parseLines(req.body);
  if (lines.length === 0) return res.status(400).json({ error: 'no order lines' });
  const order = await orderService.placeOrder(req.auth!.sub!, lines);
  return res.status(201).json(order);
});

// Listed in the express-jwt `unless` paths in server.ts, so no token is checked here.
// expect: express/unauthenticated-data-route
ordersRouter.post('/guest-checkout', async (req: JWTRequest, res: Response) => {
  const lines = parseLines(req.body);
  const email = String(req.body?.email ?? '');
  if (lines.length === 0 || !email.includes('@')) return res.status(400).json({ error: 'e-mail and lines required' });
  const order = await orderService.placeGuestOrder(email, lines);
  return res.status(201).json({ orderId: order.orderId });
});

ordersRouter.get('/:orderId', async (req: JWTRequest, res: Response) => {
  const order = await orderService.getForUser(req.auth!.sub!, req.params.orderId);
  if (!order) return res.status(404).json({ error: 'order not found' });
  return res.json(order);
});

// Receipt links go out by e-mail, so the receipt is looked up by order id alone.
ordersRouter.get('/:orderId/receipt', async (req: JWTRequest, res: Response) => {
  try {
    return res.json(await orderService.receipt(req.params.orderId));
  } catch (err) {
    if (err instanceof NotFoundError) return res.status(404).json({ error: 'order not found' });
    throw err;
  }
});

// Support staff remove test orders from a customer's history.
ordersRouter.delete('/customers/:userId/:orderId', async (req: JWTRequest, res: Response) => {
  if (!req.auth?.roles?.includes('support')) {
    return res.status(403).json({ error: 'support role required' });
  }
  await orderService.purge(req.params.userId, req.params.orderId);
  return res.status(204).end();
});
