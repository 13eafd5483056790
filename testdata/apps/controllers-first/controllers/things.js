const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, DeleteCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

// Installed only on a route with no authentication: that route is the finding, not the key.
exports.remove = async (req, res) => {
  // ok: ddb/key-from-request
  await ddb.send(new DeleteCommand({ TableName: 'Things', Key: { id: req.params.id } }));
  res.status(204).end();
};

// Installed twice: behind authentication (any signed-in user reads any item) and with none.
exports.show = async (req, res) => {
  // expect: ddb/key-from-request
  const { Item } = await ddb.send(new GetCommand({ TableName: 'Things', Key: { id: req.params.id } }));
  res.json(Item);
};

// Installed behind authentication, and scoped to the caller.
exports.mine = async (req, res) => {
  // ok: ddb/key-from-request
  const { Item } = await ddb.send(new GetCommand({ TableName: 'Things', Key: { owner: req.auth.sub, id: req.params.id } }));
  res.json(Item);
};
