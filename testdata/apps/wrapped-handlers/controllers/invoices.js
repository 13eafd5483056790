const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, DeleteCommand, GetCommand } = require('@aws-sdk/lib-dynamodb');
const catchAsync = require('../lib/catchAsync');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

// Handlers made by a wrapper and referred to by name: a static class field, an export.
class InvoiceController {
  static remove = catchAsync(async (req, res) => {
    // ok: ddb/key-from-request
    await ddb.send(new DeleteCommand({ TableName: 'Invoices', Key: { invoiceId: req.params.id } }));
    res.sendStatus(204);
  });

  static mine = catchAsync(async (req, res) => {
    const { Item } = await ddb.send(new GetCommand({
      TableName: 'Invoices',
      // ok: ddb/key-from-request
      Key: { ownerId: req.auth.sub, invoiceId: req.params.id },
    }));
    res.json(Item);
  });
}

exports.InvoiceController = InvoiceController;

exports.show = catchAsync(async (req, res) => {
  // ok: ddb/key-from-request
  const { Item } = await ddb.send(new GetCommand({ TableName: 'Invoices', Key: { invoiceId: req.params.id } }));
  res.json(Item);
});
