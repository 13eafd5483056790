// The controllers' file sorts before the router's, and the router is not in the app's file:
// each handler must still be judged on the routes that install it, not on its own first.
const express = require('express');
const things = require('./routes/things');

const app = express();
app.use(express.json());
app.use('/api', things);

module.exports = app;
