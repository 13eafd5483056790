'use strict';

const { randomUUID } = require('crypto');
const { ddb, tables, GetCommand, PutCommand, QueryCommand } = require('../db');

async function findByEmail(email) {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: tables.users,
    IndexName: 'byEmail',
    KeyConditionExpression: 'email = :email',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':email': String(email).trim().toLowerCase() },
    Limit: 1,
  }));
  return Items[0];
}

async function findById(userId) {
  const { Item } = await ddb.send(new GetCommand({
    TableName: tables.users,
    // ok: ddb/key-from-request
    Key: { userId },
  }));
  return Item;
}

async function create({ email, name, passwordHash }) {
  const user = {
    userId: randomUUID(),
    email: String(email).trim().toLowerCase(),
    name: String(name || ''),
    passwordHash,
    roles: ['customer'],
    tokenVersion: 0,
    createdAt: new Date().toISOString(),
  };
  await ddb.send(new PutCommand({
    TableName: tables.users,
    Item: user,
    ConditionExpression: 'attribute_not_exists(userId)',
  }));
  return user;
}

module.exports = { findByEmail, findById, create };
