'use strict';

const { GetItemCommand, QueryCommand, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');
const { marshall, unmarshall } = require('@aws-sdk/util-dynamodb');
const { dynamodb } = require('../lib/dynamo');

// Invoices: key accountId + invoiceId; GSI byInvoice (invoiceId). Low-level SDK v3 client.
const TABLE = process.env.INVOICES_TABLE || 'Invoices';

class BillingService {
  async listInvoices(accountId) {
    const out = await dynamodb.send(new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'accountId = :a',
      // ok: ddb/key-from-request
      ExpressionAttributeValues: marshall({ ':a': accountId }),
      ScanIndexForward: false,
    }));
    return (out.Items || []).map((item) => unmarshall(item));
  }

  async getInvoice(accountId, invoiceId) {
    const out = await dynamodb.send(new GetItemCommand({
      TableName: TABLE,
      // ok: ddb/key-from-request
      Key: marshall({ accountId, invoiceId }),
    }));
    return out.Item ? unmarshall(out.Item) : undefined;
  }

  // An invoice from its id alone (the id is printed on the PDF and in the payment reference).
  async findInvoice(invoiceId) {
    const out = await dynamodb.send(new QueryCommand({
      TableName: TABLE,
      IndexName: 'byInvoice',
      KeyConditionExpression: 'invoiceId = :id',
      // expect: ddb/key-from-request
      ExpressionAttributeValues: { ':id': { S: String(invoiceId) } },
      Limit: 1,
    }));
    return out.Items && out.Items[0] ? unmarshall(out.Items[0]) : undefined;
  }

  async setStatus(accountId, invoiceId, status) {
    await dynamodb.send(new UpdateItemCommand({
      TableName: TABLE,
      // ok: ddb/key-from-request
      Key: marshall({ accountId, invoiceId }),
      UpdateExpression: 'SET #status = :status, statusChangedAt = :now',
      ConditionExpression: 'attribute_exists(invoiceId)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({ ':status': status, ':now': new Date().toISOString() }),
    }));
  }

  async markPaid(invoice, paymentId) {
    await dynamodb.send(new UpdateItemCommand({
      TableName: TABLE,
      Key: marshall({ accountId: invoice.accountId, invoiceId: invoice.invoiceId }),
      UpdateExpression: 'SET paidAt = :now, paymentId = :payment',
      ExpressionAttributeValues: marshall({ ':now': new Date().toISOString(), ':payment': String(paymentId) }),
    }));
  }
}

module.exports = new BillingService();
