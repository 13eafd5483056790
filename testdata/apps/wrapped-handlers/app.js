const express = require('express');
const invoices = require('./routes/invoices');

const app = express();
app.use(express.json());
app.use('/api', invoices);

module.exports = app;
