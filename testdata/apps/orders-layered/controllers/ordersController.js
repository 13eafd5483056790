'use strict';

const orderService = require('../services/orderService');

function sendError(err, res, next) {
  if (err instanceof orderService.HttpError) {
    return res.status(err.status).json({ error: err.message });
  }
  return next(err);
}

async function listMine(req, res, next) {
  try {
    // ?fields=status,total returns only those attributes (sparse fieldsets).
    const fields = req.query.fields ? String(req.query.fields).split(',') : [];
    res.json(await orderService.listForUser(req.user.sub, fields));
  } catch (err) {
    sendError(err, res, next);
  }
}

async function create(req, res, next) {
  try {
    // Support agents take orders over the phone for a customer; customers order for themselves.
    const customerId = req.body.customerId || req.user.sub;
    const order = await orderService.placeOrder(customerId, req.body.lines);
    res.status(201).location(`/api/orders/${order.orderId}`).json(order);
  } catch (err) {
    sendError(err, res, next);
  }
}

async function show(req, res, next) {
  try {
    const order = await orderService.getOrder(req.params.orderId);
    if (!order) return res.status(404).json({ error: 'order not found' });
    return res.json(order);
  } catch (err) {
    return sendError(err, res, next);
  }
}

async function receipt(req, res, next) {
  try {
    const order = await orderService.getOrder(req.params.orderId);
    if (!order || order.userId !== req.user.sub) {
      return res.status(404).json({ error: 'order not found' });
    }
    return res.json({ orderId: order.orderId, lines: order.lines, status: order.status, createdAt: order.createdAt });
  } catch (err) {
    return sendError(err, res, next);
  }
}

async function cancel(req, res, next) {
  try {
    await orderService.cancelOrder(req.user.sub, req.params.orderId);
    res.status(204).end();
  } catch (err) {
    sendError(err, res, next);
  }
}

async function remove(req, res, next) {
  try {
    await orderService.remove(req.params.orderId);
    res.status(204).end();
  } catch (err) {
    sendError(err, res, next);
  }
}

// Carrier webhook-style push: { carrier, status, timestamp }.
async function recordTracking(req, res, next) {
  try {
    await orderService.addTrackingEvent(req.params.orderId, {
      carrier: String(req.body.carrier || 'unknown'),
      status: String(req.body.status || ''),
      at: req.body.timestamp ? String(req.body.timestamp) : new Date().toISOString(),
    });
    res.status(202).end();
  } catch (err) {
    sendError(err, res, next);
  }
}

module.exports = { listMine, create, show, receipt, cancel, remove, recordTracking };
