'use strict';

// One mistake, every SDK style: aws-sdk v2 (DocumentClient with callbacks and .promise(), the
// low-level DynamoDB with { S: ... }), @aws-sdk/client-dynamodb with marshall(),
// @aws-sdk/lib-dynamodb (DynamoDBDocumentClient.from + send, DynamoDBDocument methods),
// Batch/Transact entries and PartiQL. requireAuth verifies the token and sets req.user.
const AWS = require('aws-sdk');
const express = require('express');
const jwt = require('jsonwebtoken');
const { DynamoDBClient, GetItemCommand, ExecuteStatementCommand: RawStatement } = require('@aws-sdk/client-dynamodb');
const { marshall, unmarshall } = require('@aws-sdk/util-dynamodb');
const lib = require('@aws-sdk/lib-dynamodb');

const docClient = new AWS.DynamoDB.DocumentClient();
const dynamo = new AWS.DynamoDB({ apiVersion: '2012-08-10' });
const client = new DynamoDBClient({});
const ddb = lib.DynamoDBDocumentClient.from(client);
const doc = lib.DynamoDBDocument.from(client);
const router = express.Router();

router.use((req, res, next) => {
  try {
    req.user = jwt.verify(req.get('authorization').slice(7), process.env.JWT_SECRET, {
      algorithms: ['HS512'],
      audience: 'legacy-api',
      issuer: 'https://auth.example.com/',
    });
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'invalid token' });
  }
});

// aws-sdk v2 DocumentClient, callback.
router.get('/v2/orders/:orderId', (req, res, next) => {
  docClient.get({
    TableName: 'Orders',
    // expect: ddb/key-from-request
    Key: { orderId: req.params.orderId },
  }, (err, data) => {
    if (err) return next(err);
    return res.json(data.Item);
  });
});

// aws-sdk v2 DocumentClient, .promise().
router.get('/v2/me/orders', async (req, res) => {
  const { Items } = await docClient.query({
    TableName: 'Orders',
    KeyConditionExpression: 'userId = :uid',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':uid': req.user.sub },
  }).promise();
  res.json(Items);
});

router.put('/v2/addresses/:addressId', async (req, res) => {
  await docClient.update({
    TableName: 'Addresses',
    // expect: ddb/key-from-request
    Key: { addressId: req.body.addressId || req.params.addressId },
    UpdateExpression: 'SET city = :city',
    ExpressionAttributeValues: { ':city': req.body.city },
  }).promise();
  res.sendStatus(204);
});

// aws-sdk v2 low-level client: attribute-value wrappers are seen through.
router.get('/v2/invoices/:invoiceId', async (req, res) => {
  const { Item } = await dynamo.getItem({
    TableName: 'Invoices',
    // expect: ddb/key-from-request
    Key: { invoiceId: { S: req.params.invoiceId } },
  }).promise();
  res.json(Item && AWS.DynamoDB.Converter.unmarshall(Item));
});

router.post('/v2/cards', (req, res, next) => {
  dynamo.putItem({
    TableName: 'Cards',
    Item: {
      cardId: { S: AWS.util.uuid.v4() },
      // expect: ddb/key-from-request
      userId: { S: req.body.userId },
    },
  }, (err) => (err ? next(err) : res.sendStatus(201)));
});

router.delete('/v2/me/addresses/:addressId', async (req, res) => {
  await dynamo.deleteItem({
    TableName: 'Addresses',
    Key: {
      userId: { S: req.user.sub },
      // ok: ddb/key-from-request
      addressId: { S: req.params.addressId },
    },
  }).promise();
  res.sendStatus(204);
});

// @aws-sdk/client-dynamodb with marshall().
router.get('/v3/receipts/:receiptId', async (req, res) => {
  const { Item } = await client.send(new GetItemCommand({
    TableName: 'Receipts',
    // expect: ddb/key-from-request
    Key: marshall({ receiptId: req.params.receiptId }),
  }));
  res.json(Item ? unmarshall(Item) : null);
});

// Pattern (e) through unmarshall(): the item keeps its provenance, so comparing its owner
// with the caller (and leaving on mismatch) before it is sent establishes ownership.
router.get('/v3/statements/:statementId', async (req, res) => {
  const { Item } = await client.send(new GetItemCommand({
    TableName: 'Statements',
    // ok: ddb/key-from-request
    Key: marshall({ statementId: req.params.statementId }),
  }));
  const statement = Item && unmarshall(Item);
  if (!statement || statement.userId !== req.user.sub) return res.sendStatus(404);
  res.json(statement);
});

router.get('/v2/vouchers/:voucherId', async (req, res) => {
  const out = await dynamo.getItem({
    TableName: 'Vouchers',
    // ok: ddb/key-from-request
    Key: { voucherId: { S: req.params.voucherId } },
  }).promise();
  const voucher = AWS.DynamoDB.Converter.unmarshall(out.Item || {});
  if (voucher.ownerId !== req.user.sub) return res.sendStatus(403);
  res.json(voucher);
});

// Its twin: the owner is compared only after the item was sent.
router.get('/v3/payslips/:payslipId', async (req, res) => {
  const { Item } = await client.send(new GetItemCommand({
    TableName: 'Payslips',
    // expect: ddb/key-from-request
    Key: marshall({ payslipId: req.params.payslipId }),
  }));
  const payslip = unmarshall(Item);
  res.json(payslip);
  if (payslip.userId !== req.user.sub) console.warn('foreign payslip read');
});

// @aws-sdk/lib-dynamodb through a namespace binding.
router.get('/v3/returns/:returnId', async (req, res) => {
  const { returnId } = req.params;
  const { Item } = await ddb.send(new lib.GetCommand({
    TableName: 'Returns',
    // expect: ddb/key-from-request
    Key: { returnId },
  }));
  res.json(Item);
});

// DynamoDBDocument methods.
router.delete('/v3/coupons/:code', async (req, res) => {
  // expect: ddb/key-from-request
  await doc.delete({ TableName: 'Coupons', Key: { code: req.params.code.toUpperCase() } });
  res.sendStatus(204);
});

router.get('/v3/me/coupons/:code', async (req, res) => {
  // ok: ddb/key-from-request
  const { Item } = await doc.get({ TableName: 'UserCoupons', Key: { userId: req.user.sub, code: req.params.code } });
  res.json(Item);
});

router.post('/v3/cart/clear', async (req, res) => {
  await ddb.send(new lib.BatchWriteCommand({
    RequestItems: {
      // expect: ddb/key-from-request
      CartItems: req.body.itemIds.map((id) => ({ DeleteRequest: { Key: { cartItemId: id } } })),
    },
  }));
  res.sendStatus(204);
});

router.post('/v3/cart', async (req, res) => {
  await ddb.send(new lib.BatchWriteCommand({
    RequestItems: {
      // ok: ddb/key-from-request
      CartItems: req.body.skus.map((sku) => ({ PutRequest: { Item: { userId: req.user.sub, sku } } })),
    },
  }));
  res.sendStatus(201);
});

router.delete('/v3/orders/:orderId', async (req, res) => {
  await ddb.send(new lib.TransactWriteCommand({
    TransactItems: [
      {
        Delete: {
          TableName: 'Orders',
          // expect: ddb/key-from-request
          Key: { orderId: req.params.orderId },
        },
      },
      {
        Put: {
          TableName: 'AuditLog',
          // ok: ddb/key-from-request
          Item: { eventId: AWS.util.uuid.v4(), userId: req.user.sub, action: 'order.delete' },
        },
      },
    ],
  }));
  res.sendStatus(204);
});

router.get('/v3/me/summary', async (req, res) => {
  const { Responses = [] } = await ddb.send(new lib.TransactGetCommand({
    TransactItems: [
      // ok: ddb/key-from-request
      { Get: { TableName: 'Carts', Key: { userId: req.user.sub, cartId: req.query.cartId } } },
      { Get: { TableName: 'Profiles', Key: { userId: req.user.sub, sk: 'PROFILE' } } },
    ],
  }));
  res.json(Responses.map((r) => r.Item));
});

// PartiQL: statements built from input are injection; Parameters are values.
router.get('/v3/orders/:orderId/lines', async (req, res) => {
  const { Items } = await ddb.send(new lib.ExecuteStatementCommand({
    // expect: ddb/expression-injection
    Statement: `SELECT * FROM OrderLines WHERE orderId = '${req.params.orderId}'`,
  }));
  res.json(Items);
});

router.get('/v3/orders/:orderId/status', async (req, res) => {
  const { Items } = await client.send(new RawStatement({
    // ok: ddb/expression-injection
    Statement: 'SELECT status FROM Orders WHERE orderId = ?',
    // ok: ddb/key-from-request
    Parameters: [{ S: req.params.orderId }],
  }));
  res.json(Items.map((i) => unmarshall(i)));
});

router.get('/v2/orders/:orderId/notes', (req, res, next) => {
  dynamo.executeStatement({
    // expect: ddb/expression-injection
    Statement: 'SELECT * FROM OrderNotes WHERE orderId = \'' + req.params.orderId + '\'',
  }, (err, data) => (err ? next(err) : res.json(data.Items)));
});

module.exports = router;
