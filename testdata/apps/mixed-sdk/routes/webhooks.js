'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const billing = require('../services/billingService');

// Mounted at /webhook: public, the payment provider has no user token.
const router = express.Router();

const PSP_PUBLIC_KEY = process.env.PSP_WEBHOOK_PUBLIC_KEY;
const PSP_VERIFY_OPTIONS = {
  algorithms: ['RS256'],
  audience: 'merchant:helpdesk',
  issuer: 'https://events.payments.example/',
};

// The provider posts { token }, a JWT it signs over the event.
// ok: express/unauthenticated-data-route
router.post('/payments', (req, res, next) => {
  const token = String(req.body.token || '');
  // ok: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
  jwt.verify(token, PSP_PUBLIC_KEY, PSP_VERIFY_OPTIONS,
    // expect: jwt/unchecked-verify-error
    async (err, event) => {
      if (err) {
        console.warn('payments webhook: %s', err.message);
      }
      try {
        if (event && event.type === 'invoice.paid') {
          const invoice = await billing.findInvoice(event.data.invoiceId);
          if (invoice) await billing.markPaid(invoice, event.data.paymentId);
        }
        res.status(200).json({ received: true });
      } catch (e) {
        next(e);
      }
    });
});

module.exports = router;
