import express, { Router } from 'express';
import Stripe from 'stripe';
import { services } from '../container.js';

const stripe = new Stripe(process.env.STRIPE_API_KEY ?? '');

// Mounted at /webhook, ahead of express.json(): Stripe signs the raw body. Public by design
// (the `webhook` segment); the sender is authenticated by the signature check below.
const router = Router();

// ok: express/unauthenticated-data-route
router.post('/stripe', express.raw({ type: 'application/json' }), async (req, res) => {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(
      req.body,
      req.get('stripe-signature') ?? '',
      process.env.STRIPE_WEBHOOK_SECRET ?? '',
    );
  } catch {
    return res.status(400).send('invalid signature');
  }
  if (event.type === 'payment_intent.succeeded') {
    const intent = event.data.object as Stripe.PaymentIntent;
    await services.orders.markPaid(intent.metadata.orderId, intent.id);
  }
  return res.json({ received: true });
});

export default router;
