// Route paths written with the file's own constants are read like literals: the route is a
// route, its path is known, and a public path is public.
const express = require('express');
const AWS = require('aws-sdk');

const docs = new AWS.DynamoDB.DocumentClient();
const app = express();
const router = express.Router();

const ITEM = '/items/:id';
const AUTH = '/auth/';
const V1 = '/v1';

// expect: express/unauthenticated-data-route
app.delete(ITEM, async (req, res) => {
  // ok: ddb/key-from-request
  await docs.delete({ TableName: 'Items', Key: { id: req.params.id } }).promise();
  res.sendStatus(204);
});

// ok: express/unauthenticated-data-route
app.post(`${AUTH}signin`, async (req, res) => {
  const { Item } = await docs.get({
    TableName: 'Logins',
    // ok: ddb/key-from-request
    Key: { email: String(req.body.email) },
  }).promise();
  res.json({ known: Boolean(Item) });
});

// ok: express/unauthenticated-data-route
app.post(AUTH + 'register', async (req, res) => {
  await docs.put({ TableName: 'Logins', Item: { email: String(req.body.email) } }).promise();
  res.sendStatus(201);
});

// expect: express/unauthenticated-data-route
router.route(`${V1}/carts/:cartId`).delete(async (req, res) => {
  // ok: ddb/key-from-request
  await docs.delete({ TableName: 'Carts', Key: { cartId: req.params.cartId } }).promise();
  res.sendStatus(204);
});

app.use(router);

module.exports = app;
