'use strict';

const express = require('express');
const passport = require('passport');
const { requireService, serviceTokens } = require('../auth/serviceTokens');
const billing = require('../services/billingService');

const router = express.Router();
const authenticate = passport.authenticate('jwt', { session: false });

router.get('/accounts/:accountId/invoices', authenticate, async (req, res) => {
  if (req.params.accountId !== req.user.accountId) {
    return res.status(403).json({ error: 'not your account' });
  }
  return res.json(await billing.listInvoices(req.params.accountId));
});

router.get('/invoices/:invoiceId', authenticate, async (req, res) => {
  const invoice = await billing.getInvoice(req.user.accountId, req.params.invoiceId);
  if (!invoice) return res.status(404).json({ error: 'invoice not found' });
  return res.json(invoice);
});

// The PDF link in the e-mail carries only the invoice id.
router.get('/invoices/:invoiceId/pdf', authenticate, async (req, res) => {
  const invoice = await billing.findInvoice(req.params.invoiceId);
  if (!invoice) return res.status(404).json({ error: 'invoice not found' });
  return res.redirect(invoice.pdfUrl);
});

// The dunning job marks unpaid invoices overdue. It calls with a service token, not a user token;
// the scope check is the authorisation decision for acting on any account.
// ok: express/unauthenticated-data-route
router.post('/jobs/accounts/:accountId/invoices/:invoiceId/overdue', requireService(serviceTokens), async (req, res) => {
  if (!Array.isArray(req.service.scope) || !req.service.scope.includes('billing:dunning')) {
    return res.status(403).json({ error: 'scope billing:dunning required' });
  }
  await billing.setStatus(req.params.accountId, req.params.invoiceId, 'overdue');
  return res.status(204).end();
});

module.exports = router;
