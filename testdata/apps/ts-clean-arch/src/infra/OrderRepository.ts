import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { TABLES } from '@app/config';

export interface OrderLine {
  sku: string;
  qty: number;
  unitPrice: number;
}

export interface Order {
  userId: string;
  orderId: string;
  lines: OrderLine[];
  total: number;
  status: 'PLACED' | 'PAID' | 'SHIPPED' | 'CANCELLED';
  guestEmail?: string;
  createdAt: string;
}

// Table `orders`: partition key userId, sort key orderId; GSI byOrderId (orderId).
export class OrderRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = TABLES.orders,
  ) {}

  async listByUser(userId: string): Promise<Order[]> {
    const out = await this.db.send(new QueryCommand({
      TableName: this.table,
      KeyConditionExpression: 'userId = :uid',
      // expect: ddb/key-from-unverified-token
      ExpressionAttributeValues: { ':uid': userId },
      ScanIndexForward: false,
    }));
    return (out.Items ?? []) as Order[];
  }

  async get(userId: string, orderId: string): Promise<Order | undefined> {
    const out = await this.db.send(new GetCommand({
      TableName: this.table,
      // ok: ddb/key-from-request, ddb/key-from-unverified-token
      Key: { userId, orderId },
    }));
    return out.Item as Order | undefined;
  }

  // Finds an order by its id alone, through the GSI.
  async findByOrderId(orderId: string): Promise<Order | undefined> {
    const out = await this.db.send(new QueryCommand({
      TableName: this.table,
      IndexName: 'byOrderId',
      KeyConditionExpression: 'orderId = :oid',
      // expect: ddb/key-from-request
      ExpressionAttributeValues: { ':oid': orderId },
      Limit: 1,
    }));
    return out.Items?.[0] as Order | undefined;
  }

  async create(order: Order): Promise<void> {
    await this.db.send(new PutCommand({
      TableName: this.table,
      // ok: ddb/key-from-request
      Item: order,
      ConditionExpression: 'attribute_not_exists(orderId)',
    }));
  }

  async delete(userId: string, orderId: string): Promise<void> {
    await this.db.send(new DeleteCommand({
      TableName: this.table,
      // ok: ddb/key-from-request
      Key: { userId, orderId },
    }));
  }
}
