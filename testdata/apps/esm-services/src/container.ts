import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import { OrdersRepo } from './orders/orders.repo.js';
import { OrdersService } from './orders/orders.service.js';

// Composition root. Handlers reach the services through this plain object, never `new` them.
export const doc = DynamoDBDocument.from(
  new DynamoDBClient({ region: process.env.AWS_REGION ?? 'eu-west-1' }),
  { marshallOptions: { removeUndefinedValues: true } },
);

export const services = {
  orders: new OrdersService(new OrdersRepo(doc)),
};

export type Services = typeof services;
