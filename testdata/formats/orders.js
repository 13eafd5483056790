// A route file used by the output-format snapshot tests: one dataflow finding.
const express = require('express');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');
const { requireAuth } = require('./auth');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const router = express.Router();

router.get('/orders/:orderId', requireAuth, async (req, res) => {
  const { orderId } = req.params;
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Orders',
    // expect: ddb/key-from-request
    Key: { orderId },
  }));
  res.json(Item);
});

module.exports = router;
