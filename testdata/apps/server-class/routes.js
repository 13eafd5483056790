const { Router } = require('express');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, QueryCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const routes = Router();

// expect: express/unauthenticated-data-route
routes.get('/notes/:ownerId', async (req, res) => {
  const out = await ddb.send(new QueryCommand({
    TableName: 'Notes',
    KeyConditionExpression: 'ownerId = :owner',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':owner': req.params.ownerId },
  }));
  res.json(out.Items);
});

module.exports = routes;
