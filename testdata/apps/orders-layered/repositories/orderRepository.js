'use strict';

const { randomUUID } = require('crypto');
const {
  ddb, tables, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand,
} = require('../db');

const orderRepository = {
  // The caller's own orders, newest first. `fields` is the client's sparse-fieldset list.
  async listByUser(userId, fields = []) {
    const { Items = [] } = await ddb.send(new QueryCommand({
      TableName: tables.orders,
      IndexName: 'byUser',
      KeyConditionExpression: 'userId = :uid',
      // expect: ddb/expression-injection
      ProjectionExpression: fields.length ? ['orderId', 'createdAt', ...fields].join(', ') : undefined,
      // ok: ddb/key-from-request
      ExpressionAttributeValues: { ':uid': userId },
      ScanIndexForward: false,
      Limit: 50,
    }));
    return Items;
  },

  // Used by GET /api/orders/:orderId (which returns the order as is) and by the
  // receipt and cancel paths (which compare the owner first).
  async findById(orderId) {
    const { Item } = await ddb.send(new GetCommand({
      TableName: tables.orders,
      // expect: ddb/key-from-request
      Key: { orderId },
    }));
    return Item;
  },

  async create({ userId, lines }) {
    const order = {
      orderId: randomUUID(),
      // expect: ddb/key-from-request
      userId,
      lines,
      status: 'PLACED',
      createdAt: new Date().toISOString(),
    };
    await ddb.send(new PutCommand({
      TableName: tables.orders,
      Item: order,
      ConditionExpression: 'attribute_not_exists(orderId)',
    }));
    return order;
  },

  // The owner condition is bound to the caller's verified id (services/orderService.js).
  async setStatus(orderId, status, ownerId) {
    await ddb.send(new UpdateCommand({
      TableName: tables.orders,
      // ok: ddb/key-from-request
      Key: { orderId },
      UpdateExpression: 'SET #status = :status, updatedAt = :now',
      ConditionExpression: 'userId = :owner AND #status = :placed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': status,
        ':placed': 'PLACED',
        ':now': new Date().toISOString(),
        // ok: ddb/condition-from-request
        ':owner': ownerId,
      },
    }));
  },

  // Only reached from the carrier route in app.js: an express() app route with no
  // authentication and no caller identity, so that route's finding is
  // express/unauthenticated-data-route, not this key (rules/ddb/key-from-request.md).
  async appendTrackingEvent(orderId, event) {
    await ddb.send(new UpdateCommand({
      TableName: tables.orders,
      // ok: ddb/key-from-request
      Key: { orderId },
      UpdateExpression: 'SET tracking = list_append(if_not_exists(tracking, :none), :event), #status = :shipped',
      ConditionExpression: 'attribute_exists(orderId)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':none': [], ':event': [event], ':shipped': 'SHIPPED' },
    }));
  },

  async delete(orderId) {
    await ddb.send(new DeleteCommand({
      TableName: tables.orders,
      // expect: ddb/key-from-request
      Key: { orderId },
    }));
  },
};

module.exports = orderRepository;
