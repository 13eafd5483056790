const express = require('express');
const { expressjwt } = require('express-jwt');
const { InvoiceController, show } = require('../controllers/invoices');
const catchAsync = require('../lib/catchAsync');

const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const router = express.Router();
const requireAuth = expressjwt({
  secret: process.env.JWT_PUBLIC_KEY,
  algorithms: ['RS256'],
  audience: 'billing-api',
  issuer: 'https://id.example.com/',
});

const createInvoice = catchAsync(async (req, res) => {
  await ddb.send(new PutCommand({ TableName: 'Invoices', Item: { invoiceId: String(Date.now()), total: Number(req.body.total) } }));
  res.sendStatus(201);
});

// expect: express/unauthenticated-data-route
router.delete('/invoices/:id', InvoiceController.remove);
// expect: express/unauthenticated-data-route
router.get('/invoices/:id', show);
// expect: express/unauthenticated-data-route
router.post('/invoices', createInvoice);
// ok: express/unauthenticated-data-route
router.get('/me/invoices/:id', requireAuth, InvoiceController.mine);

module.exports = router;
