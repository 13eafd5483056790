'use strict';

const orderRepository = require('../repositories/orderRepository');

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

exports.HttpError = HttpError;

exports.listForUser = function listForUser(userId, fields) {
  return orderRepository.listByUser(userId, fields);
};

exports.getOrder = function getOrder(orderId) {
  return orderRepository.findById(orderId);
};

exports.placeOrder = async function placeOrder(userId, lines) {
  if (!Array.isArray(lines) || lines.length === 0) {
    throw new HttpError(400, 'an order needs at least one line');
  }
  const normalised = lines.map((line) => ({
    sku: String(line.sku),
    qty: Math.max(1, parseInt(line.qty, 10) || 1),
  }));
  return orderRepository.create({ userId, lines: normalised });
};

// Customers may cancel their own orders while they are still PLACED.
exports.cancelOrder = async function cancelOrder(userId, orderId) {
  const order = await orderRepository.findById(orderId);
  if (!order || order.userId !== userId) {
    throw new HttpError(404, 'order not found');
  }
  if (order.status !== 'PLACED') {
    throw new HttpError(409, 'only placed orders can be cancelled');
  }
  await orderRepository.setStatus(orderId, 'CANCELLED', userId);
};

exports.addTrackingEvent = function addTrackingEvent(orderId, event) {
  return orderRepository.appendTrackingEvent(orderId, event);
};

exports.remove = function remove(orderId) {
  return orderRepository.delete(orderId);
};
