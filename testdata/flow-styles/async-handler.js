'use strict';

// Style: handlers wrapped in express-async-handler, handlers exported as `exports.x = async (req,
// res, next) => {}`, request fields destructured in the parameter list, zod/joi-validated input,
// ternaries, `??` defaults and single-table template keys. express-jwt sets req.auth.
const express = require('express');
const crypto = require('crypto');
const asyncHandler = require('express-async-handler');
const { expressjwt } = require('express-jwt');
const { z } = require('zod');
const Joi = require('joi');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, DeleteCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const router = express.Router();
router.use(expressjwt({
  secret: process.env.JWT_SECRET,
  algorithms: ['HS256'],
  audience: 'shop-api',
  issuer: 'https://auth.example.com/',
}));

const idParams = z.object({ id: z.string().min(1) });
const addressBody = Joi.object({ userId: Joi.string().required(), city: Joi.string() });

// zod checks the format of the id, not whose invoice it is.
exports.getInvoice = asyncHandler(async (req, res) => {
  const { id } = idParams.parse(req.params);
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Main',
    // expect: ddb/key-from-request
    Key: { pk: `INVOICE#${id}`, sk: 'META' },
  }));
  res.json(Item);
});

// Destructured in the parameter list: the path id and the verified claims.
exports.getMyInvoice = asyncHandler(async ({ params: { id }, auth }, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Main',
    // ok: ddb/key-from-request
    Key: { pk: `USER#${auth.sub}`, sk: `INVOICE#${id}` },
  }));
  res.json(Item);
});

// Destructured in the parameter list, no identity in the key.
exports.deleteInvoice = async ({ params: { id } }, res, next) => {
  try {
    await ddb.send(new DeleteCommand({
      TableName: 'Main',
      // expect: ddb/key-from-request
      Key: { pk: `INVOICE#${id}`, sk: 'META' },
    }));
    res.sendStatus(204);
  } catch (err) {
    next(err);
  }
};

// "Defaults to the caller": a ternary whose first branch the client chooses.
exports.listInvoices = asyncHandler(async (req, res) => {
  const owner = req.query.userId ? String(req.query.userId) : req.auth.sub;
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Main',
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      // expect: ddb/key-from-request
      ':pk': `USER#${owner}`,
      ':prefix': 'INVOICE#',
    },
  }));
  res.json(Items);
});

// The same default with ??, guarded: a different owner is only allowed for admins.
exports.listInvoicesAdmin = asyncHandler(async (req, res) => {
  const owner = req.query.userId ?? req.auth.sub;
  if (owner !== req.auth.sub && req.auth.role !== 'admin') {
    return res.status(403).json({ error: 'forbidden' });
  }
  const { Items } = await ddb.send(new QueryCommand({ TableName: 'Main', KeyConditionExpression: 'pk = :pk',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':pk': `USER#${owner}` } }));
  return res.json(Items);
});

// Joi validates the body, the body still names the owner.
exports.createAddress = asyncHandler(async (req, res) => {
  const { value, error } = addressBody.validate(req.body);
  if (error) return res.status(400).json({ error: error.message });
  const item = { pk: `USER#${req.auth.sub}`, addressId: crypto.randomUUID(),
    // expect: ddb/key-from-request
    userId: value.userId, city: value.city };
  await ddb.send(new PutCommand({ TableName: 'Addresses', Item: item }));
  return res.status(201).json(item);
});

// The body is spread but the owner is overwritten with the verified subject afterwards.
exports.createNote = asyncHandler(async ({ body, auth }, res) => {
  await ddb.send(new PutCommand({
    TableName: 'Notes',
    // ok: ddb/key-from-request
    Item: { ...body, noteId: crypto.randomUUID(), ownerId: auth.sub },
  }));
  res.sendStatus(201);
});

// The spread comes last: the body can overwrite ownerId.
exports.importNote = asyncHandler(async (req, res) => {
  await ddb.send(new PutCommand({
    TableName: 'Notes',
    Item: {
      ownerId: req.auth.sub,
      // expect: ddb/key-from-request
      ...req.body,
    },
  }));
  res.sendStatus(201);
});

// A service object built from function declarations (shorthand property).
async function loadReceipt(receiptId) {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Receipts',
    // expect: ddb/key-from-request
    Key: { receiptId },
  }));
  return Item;
}
const receipts = { loadReceipt };
exports.getReceipt = asyncHandler(async (req, res) => res.json(await receipts.loadReceipt(req.params.id)));

// The ownership decision kept in a variable first: self or admin, else 403.
exports.deleteProfile = asyncHandler(async (req, res) => {
  const allowed = req.params.userId === req.auth.sub || req.auth.role === 'admin';
  if (!allowed) return res.sendStatus(403);
  // ok: ddb/key-from-request
  await ddb.send(new DeleteCommand({ TableName: 'Profiles', Key: { userId: req.params.userId } }));
  return res.sendStatus(204);
});

router.get('/invoices', exports.listInvoices).get('/admin/invoices', exports.listInvoicesAdmin);
router.get('/invoices/:id', exports.getInvoice).get('/me/invoices/:id', exports.getMyInvoice);
router.delete('/invoices/:id', exports.deleteInvoice).delete('/profiles/:userId', exports.deleteProfile);
router.post('/addresses', exports.createAddress).post('/notes', exports.createNote);
router.post('/notes/import', exports.importNote).get('/receipts/:id', exports.getReceipt);
module.exports.router = router;
