'use strict';

const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const {
  DynamoDBDocumentClient,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} = require('@aws-sdk/lib-dynamodb');

const client = new DynamoDBClient({ region: process.env.AWS_REGION || 'us-east-1' });

const ddb = DynamoDBDocumentClient.from(client, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
});

// Orders: key orderId; GSI byUser (userId, createdAt).
// Users: key userId; GSI byEmail (email).
// Addresses: key userId + addressId.
const tables = {
  orders: process.env.ORDERS_TABLE || 'Orders',
  users: process.env.USERS_TABLE || 'Users',
  addresses: process.env.ADDRESSES_TABLE || 'Addresses',
};

// The commands are re-exported so that the whole app pins one SDK version in one place.
module.exports = {
  ddb,
  tables,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
};
