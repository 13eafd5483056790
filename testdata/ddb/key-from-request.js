'use strict';

// ddb/key-from-request, CommonJS, @aws-sdk/lib-dynamodb commands. requireAuth verifies the
// bearer token and puts the claims on req.user.
const crypto = require('crypto');
const express = require('express');
const jwt = require('jsonwebtoken');
const Joi = require('joi');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const {
  DynamoDBDocumentClient,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} = require('@aws-sdk/lib-dynamodb');
const { UsersClient } = require('@acme/users-client');
const _ = require('lodash');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));
const usersApi = new UsersClient({ baseUrl: process.env.USERS_API_URL });
const app = express();
const router = express.Router();

function requireAuth(req, res, next) {
  const token = (req.get('authorization') || '').replace(/^Bearer /, '');
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET, {
      algorithms: ['HS256'],
      audience: 'orders-api',
      issuer: 'https://auth.example.com/',
    });
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
}

function normalizeId(raw) {
  return String(raw).trim().toLowerCase();
}

const addressParams = Joi.object({ addressId: Joi.string().pattern(/^adr_[a-z0-9]+$/).required() });

router.get('/orders/:orderId', requireAuth, async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Orders',
    // expect: ddb/key-from-request
    Key: { orderId: req.params.orderId },
  }));
  if (!Item) return res.status(404).json({ error: 'not found' });
  res.json(Item);
});

// Scoped to the caller: the partition key is the verified subject.
router.get('/me/orders/:orderId', requireAuth, async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'UserOrders',
    Key: {
      userId: req.user.sub,
      // ok: ddb/key-from-request
      orderId: req.params.orderId,
    },
  }));
  res.json(Item ?? null);
});

async function cancelOrder(req, res) {
  const { orderId } = req.params;
  await ddb.send(new DeleteCommand({
    TableName: 'Orders',
    Key: {
      // expect: ddb/key-from-request
      orderId,
    },
  }));
  res.status(204).end();
}
router.delete('/orders/:orderId', requireAuth, cancelOrder);

async function loadInvoice(invoiceId) {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Invoices',
    // expect: ddb/key-from-request
    Key: { invoiceId },
  }));
  return Item;
}

async function loadProfile(userId) {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Profiles',
    // ok: ddb/key-from-request
    Key: { userId, sk: 'PROFILE' },
  }));
  return Item;
}

router.get('/invoices', requireAuth, async (req, res) => {
  const invoice = await loadInvoice(normalizeId(req.query.invoiceId));
  if (!invoice) return res.sendStatus(404);
  res.json({ invoice, profile: await loadProfile(req.user.sub) });
});

// A customer's orders, looked up through the byCustomer index with the id the client sent.
router.get('/customers/orders', requireAuth, (req, res, next) => {
  ddb.send(new QueryCommand({
    TableName: 'Orders',
    IndexName: 'byCustomer',
    KeyConditionExpression: 'customerId = :cid AND createdAt > :since',
    ExpressionAttributeValues: {
      // expect: ddb/key-from-request
      ':cid': req.query.customerId,
      ':since': '2024-01-01',
    },
  }))
    .then(({ Items }) => res.json(Items))
    .catch(next);
});

router.get('/me/addresses', requireAuth, async (req, res) => {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: 'Addresses',
    KeyConditionExpression: 'userId = :uid AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':uid': req.user.sub,
      // ok: ddb/key-from-request
      ':prefix': `${req.query.kind || 'ADDRESS'}#`,
    },
  }));
  res.json(Items);
});

// Joi only checks the format; the address may belong to anyone.
router.put('/addresses/:addressId', requireAuth, async (req, res) => {
  const { error } = addressParams.validate(req.params);
  if (error) return res.status(400).json({ error: error.message });
  if (!req.user) return res.sendStatus(401);
  await ddb.send(new UpdateCommand({
    TableName: 'Addresses',
    // expect: ddb/key-from-request
    Key: { addressId: req.params.addressId.trim() },
    UpdateExpression: 'SET line1 = :l1, city = :city',
    ExpressionAttributeValues: { ':l1': req.body.line1, ':city': req.body.city },
  }));
  res.sendStatus(204);
});

// Single-table design: a constant sort key does not scope the item to anyone.
router.get('/shipments/:id', requireAuth, async (req, res) => {
  const id = req.query.legacyId ?? req.params.id;
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Main',
    Key: {
      // expect: ddb/key-from-request
      pk: `SHIPMENT#${id}`,
      sk: 'META',
    },
  }));
  res.json(Item);
});

router.post('/payment-methods', requireAuth, async (req, res) => {
  const method = {
    paymentMethodId: crypto.randomUUID(),
    // expect: ddb/key-from-request
    userId: req.body.userId,
    last4: String(req.body.cardNumber).slice(-4),
  };
  await ddb.send(new PutCommand({ TableName: 'PaymentMethods', Item: method }));
  res.status(201).json(method);
});

router.post('/wishlists', requireAuth, async (req, res) => {
  await ddb.send(new PutCommand({
    TableName: 'Wishlists',
    Item: {
      // expect: ddb/key-from-request
      ...req.body,
      wishlistId: crypto.randomUUID(),
      createdAt: new Date().toISOString(),
    },
  }));
  res.sendStatus(201);
});

router.post('/carts', requireAuth, async (req, res) => {
  await ddb.send(new PutCommand({
    TableName: 'Carts',
    Item: {
      // ok: ddb/key-from-request
      ...req.body,
      cartId: crypto.randomUUID(),
      userId: req.user.sub,
    },
  }));
  res.sendStatus(201);
});

// The team comes from the directory service, not from the client.
router.get('/teams/current', requireAuth, async (req, res) => {
  const user = await usersApi.fetch(req.query.userId);
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Teams',
    // ok: ddb/key-from-request
    Key: { teamId: user.teamId },
  }));
  res.json(Item);
});

router.get('/settings', requireAuth, async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Settings',
    // ok: ddb/key-from-request
    Key: { pk: 'CONFIG', sk: 'FEATURE_FLAGS' },
  }));
  res.json({ flags: Item, account: req.user.accountId });
});

// Public: a login looks the user up by the e-mail the client sent.
// ok: express/unauthenticated-data-route
router.post('/auth/login', async (req, res) => {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: 'Users',
    IndexName: 'byEmail',
    KeyConditionExpression: 'email = :email',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':email': String(req.body.email).toLowerCase() },
  }));
  res.json({ found: Items.length === 1 });
});

// Public sign-up: no verified identity, so the client naming the username is expected.
// ok: express/unauthenticated-data-route
router.post('/signup', async (req, res) => {
  await ddb.send(new PutCommand({
    TableName: 'Users',
    Item: {
      userId: crypto.randomUUID(),
      // ok: ddb/key-from-request
      username: req.body.username,
      email: req.body.email,
    },
    ConditionExpression: 'attribute_not_exists(userId)',
  }));
  res.sendStatus(201);
});

// Anonymous catalogue read on the app itself: no authentication in front and no identity read,
// so no user is known and there is no other user's item to reach (the missing authentication is
// the other rule's finding).
// expect: express/unauthenticated-data-route
app.get('/products/:sku', async (req, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Products',
    // ok: ddb/key-from-request
    Key: { sku: req.params.sku },
  }));
  res.json(Item);
});

// express-sanitizer cleans the value; the client still chose it.
router.get('/returns/:returnId', requireAuth, async (req, res) => {
  const returnId = req.sanitize(req.params.returnId);
  // expect: ddb/key-from-request
  const { Item } = await ddb.send(new GetCommand({ TableName: 'Returns', Key: { returnId } }));
  res.json(Item);
});

// Batches of 25 (DynamoDB's limit) made with lodash: the items are still the client's.
router.post('/orders/archive', requireAuth, async (req, res) => {
  for (const batch of _.chunk(req.body.orderIds, 25)) {
    await ddb.send(new BatchWriteCommand({
      RequestItems: {
        Orders: batch.map((orderId) => ({
          // expect: ddb/key-from-request
          DeleteRequest: { Key: { orderId } },
        })),
      },
    }));
  }
  res.sendStatus(204);
});

// Its twin: each key also carries the caller's id, so every item is the caller's own.
router.post('/me/drafts/discard', requireAuth, async (req, res) => {
  for (const batch of _.chunk(_.uniq(req.body.draftIds), 25)) {
    await ddb.send(new BatchWriteCommand({
      RequestItems: {
        Drafts: batch.map((draftId) => ({
          // ok: ddb/key-from-request
          DeleteRequest: { Key: { userId: req.user.sub, draftId } },
        })),
      },
    }));
  }
  res.sendStatus(204);
});

module.exports = { app, router, requireAuth };
