'use strict';

const { randomUUID } = require('crypto');
const express = require('express');
const { ddb, tables, DeleteCommand, PutCommand, QueryCommand } = require('../db');

// The address book is small enough not to need a service: every key is scoped to req.user.sub.
const router = express.Router();

const ADDRESS_FIELDS = ['label', 'name', 'line1', 'line2', 'city', 'postcode', 'country'];

function pickAddress(body) {
  const address = {};
  for (const field of ADDRESS_FIELDS) {
    if (body[field] !== undefined) address[field] = String(body[field]).slice(0, 200);
  }
  return address;
}

router.get('/', async (req, res, next) => {
  try {
    const { Items = [] } = await ddb.send(new QueryCommand({
      TableName: tables.addresses,
      KeyConditionExpression: 'userId = :uid',
      // ok: ddb/key-from-request
      ExpressionAttributeValues: { ':uid': req.user.sub },
    }));
    res.json(Items);
  } catch (err) {
    next(err);
  }
});

router.post('/', async (req, res, next) => {
  try {
    const address = {
      ...pickAddress(req.body),
      userId: req.user.sub,
      addressId: randomUUID(),
      createdAt: new Date().toISOString(),
    };
    await ddb.send(new PutCommand({ TableName: tables.addresses, Item: address }));
    res.status(201).json(address);
  } catch (err) {
    next(err);
  }
});

router.put('/:addressId', async (req, res, next) => {
  try {
    await ddb.send(new PutCommand({
      TableName: tables.addresses,
      Item: {
        // ok: ddb/key-from-request, ddb/expression-injection
        ...req.body,
        userId: req.user.sub,
        addressId: req.params.addressId,
        updatedAt: new Date().toISOString(),
      },
      ConditionExpression: 'attribute_exists(addressId)',
    }));
    res.status(204).end();
  } catch (err) {
    if (err.name === 'ConditionalCheckFailedException') return res.status(404).json({ error: 'no such address' });
    return next(err);
  }
});

router.delete('/:addressId', async (req, res, next) => {
  try {
    await ddb.send(new DeleteCommand({
      TableName: tables.addresses,
      Key: {
        userId: req.user.sub,
        // ok: ddb/key-from-request
        addressId: req.params.addressId,
      },
    }));
    res.status(204).end();
  } catch (err) {
    next(err);
  }
});

module.exports = router;
