'use strict';

// Only negatives: code shaped like DynamoDB calls (Key, TableName, expression strings, send,
// get) that does not reach DynamoDB. None of it may be reported by the ddb/* rules.
const axios = require('axios');
const express = require('express');
const mongoose = require('mongoose');
const { MongoClient } = require('mongodb');
const { S3Client, GetObjectCommand, DeleteObjectCommand } = require('@aws-sdk/client-s3');
const AWS = require('aws-sdk');
const Redis = require('ioredis');
const { requireAuth } = require('./auth');

const Order = mongoose.model('Order', new mongoose.Schema({ ownerId: String, total: Number }));
const mongo = new MongoClient(process.env.MONGO_URL);
const s3 = new S3Client({});
const legacyS3 = new AWS.S3();
const redis = new Redis(process.env.REDIS_URL);
const cache = new Map();
const router = express.Router();

// An in-memory stand-in with DynamoDB-like parameters, used by the offline demo mode.
const tables = { Orders: new Map() };
function get(params) {
  return tables[params.TableName].get(params.Key.orderId);
}

// A local command bus whose commands happen to share names with lib-dynamodb's.
class GetCommand {
  constructor(input) {
    this.input = input;
  }
}
const bus = { send: async (command) => ({ Item: get(command.input) }) };

router.use(requireAuth);

router.get('/orders/:id', async (req, res) => {
  // ok: ddb/key-from-request
  const order = await Order.findOne({ _id: req.params.id });
  res.json(order);
});

router.delete('/orders/:id', async (req, res) => {
  // ok: ddb/key-from-request
  await mongo.db('shop').collection('orders').deleteOne({ _id: req.params.id });
  res.sendStatus(204);
});

router.get('/cached/orders/:id', (req, res) => {
  // ok: ddb/key-from-request
  res.json(cache.get(req.params.id) ?? null);
});

router.get('/remote/orders/:id', async (req, res) => {
  // ok: ddb/key-from-request, ddb/expression-injection
  const { data } = await axios.get(`https://orders.internal/api/orders/${req.params.id}`);
  res.json(data);
});

router.get('/demo/orders/:id', (req, res) => {
  // ok: ddb/key-from-request
  res.json(get({ TableName: 'Orders', Key: { orderId: req.params.id } }) ?? null);
});

router.get('/bus/orders/:id', async (req, res) => {
  // ok: ddb/key-from-request
  const { Item } = await bus.send(new GetCommand({ TableName: 'Orders', Key: { orderId: req.params.id } }));
  res.json(Item ?? null);
});

// S3 also calls its object name `Key`.
router.get('/files/:key', async (req, res) => {
  // ok: ddb/key-from-request
  const object = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: req.params.key }));
  object.Body.pipe(res);
});

router.delete('/files/:key', async (req, res) => {
  // ok: ddb/key-from-request
  await s3.send(new DeleteObjectCommand({ Bucket: 'uploads', Key: `${req.query.prefix}/${req.params.key}` }));
  res.sendStatus(204);
});

router.get('/legacy/files/:key', (req, res, next) => {
  // ok: ddb/key-from-request
  legacyS3.getObject({ Bucket: 'legacy-uploads', Key: req.params.key }, (err, data) => {
    if (err) return next(err);
    return res.send(data.Body);
  });
});

router.get('/sessions/:sid', async (req, res) => {
  // ok: ddb/key-from-request
  res.json(JSON.parse((await redis.get(`session:${req.params.sid}`)) || 'null'));
});

// DynamoDB-shaped parameters that are only logged, never sent.
router.get('/debug/query-plan', (req, res) => {
  const plan = {
    TableName: 'Orders',
    // ok: ddb/expression-injection
    FilterExpression: `contains(${req.query.field}, :q)`,
    // ok: ddb/key-from-request
    Key: { orderId: req.query.orderId },
  };
  console.log('query plan', JSON.stringify(plan));
  res.json(plan);
});

router.post('/orders', async (req, res) => {
  // ok: ddb/key-from-request
  const order = await Order.create({ ...req.body, ownerId: req.body.ownerId });
  res.status(201).json(order);
});

module.exports = router;
