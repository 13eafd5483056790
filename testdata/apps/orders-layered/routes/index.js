'use strict';

const express = require('express');
const addresses = require('./addresses');
const orders = require('./orders');

// Everything under /api. app.js puts requireAuth in front of this router at the mount point.
const api = express.Router();

api.use('/orders', orders);
api.use('/addresses', addresses);

module.exports = api;
