import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AccountRepository } from './infra/AccountRepository';
import { OrderRepository } from './infra/OrderRepository';
import { AccountService } from './services/AccountService';
import { OrderService } from './services/OrderService';

// The composition root: every adapter and service is built once, here.
export const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: process.env.AWS_REGION ?? 'eu-west-1' }),
  { marshallOptions: { removeUndefinedValues: true } },
);

export const orderService = new OrderService(new OrderRepository(ddb));
export const accountService = new AccountService(new AccountRepository(ddb));
