'use strict';

const express = require('express');
const orders = require('../controllers/ordersController');

// Mounted by routes/index.js, which app.js mounts at /api behind requireAuth.
const router = express.Router();

router.get('/', orders.listMine);

// ok: express/unauthenticated-data-route
router.post('/', orders.create);

router
  .route('/:orderId')
  .get(orders.show)
  .delete(orders.remove);

router.get('/:orderId/receipt', orders.receipt);

// ok: express/unauthenticated-data-route
router.post('/:orderId/cancel', orders.cancel);

module.exports = router;
