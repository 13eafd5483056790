import type { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';

export type OrderStatus = 'PLACED' | 'PAID' | 'SHIPPED' | 'CANCELLED';

export interface OrderLine {
  sku: string;
  qty: number;
}

export interface Order {
  orderId: string;
  userId: string;
  lines: OrderLine[];
  status: OrderStatus;
  note?: string;
  paymentId?: string;
  createdAt: string;
}

// Table `orders`: partition key orderId; GSI byUser (userId, createdAt).
const TABLE = process.env.ORDERS_TABLE ?? 'orders';

export class OrdersRepo {
  constructor(private readonly doc: DynamoDBDocument) {}

  async findById(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.doc.get({
      TableName: TABLE,
      // expect: ddb/key-from-request
      Key: { orderId },
    });
    return Item as Order | undefined;
  }

  async listForUser(userId: string, limit: number, textField?: string, text?: string): Promise<Order[]> {
    const { Items = [] } = await this.doc.query({
      TableName: TABLE,
      IndexName: 'byUser',
      KeyConditionExpression: 'userId = :user',
      ...(textField && text
        ? {
          // expect: ddb/expression-injection
          FilterExpression: `contains(${textField}, :text)`,
          ExpressionAttributeValues: { ':user': userId, ':text': text },
        }
        // ok: ddb/key-from-request
        : { ExpressionAttributeValues: { ':user': userId } }),
      Limit: limit,
      ScanIndexForward: false,
    });
    return Items as Order[];
  }

  // Same index, used by the mobile app's home screen.
  async latestForUser(userId: string): Promise<Order[]> {
    const { Items = [] } = await this.doc.query({
      TableName: TABLE,
      IndexName: 'byUser',
      KeyConditionExpression: 'userId = :user',
      // expect: ddb/key-from-unverified-token
      ExpressionAttributeValues: { ':user': userId },
      Limit: 5,
      ScanIndexForward: false,
    });
    return Items as Order[];
  }

  async create(order: Order): Promise<void> {
    await this.doc.put({
      TableName: TABLE,
      Item: order,
      ConditionExpression: 'attribute_not_exists(orderId)',
    });
  }

  // The caller says whose order it expects; the condition makes the update conditional on it.
  async setStatus(orderId: string, status: OrderStatus, expectedUserId: string): Promise<void> {
    await this.doc.update({
      TableName: TABLE,
      // expect: ddb/key-from-request
      Key: { orderId },
      UpdateExpression: 'SET #status = :status',
      ConditionExpression: 'userId = :owner',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': status,
        // expect: ddb/condition-from-request
        ':owner': expectedUserId,
      },
    });
  }

  // Only a placed order of the caller's own can be cancelled; both checks are in the condition.
  async cancel(orderId: string, userId: string): Promise<void> {
    await this.doc.update({
      TableName: TABLE,
      // ok: ddb/key-from-request
      Key: { orderId },
      UpdateExpression: 'SET #status = :cancelled',
      ConditionExpression: 'userId = :me AND #status = :placed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':cancelled': 'CANCELLED',
        ':placed': 'PLACED',
        // ok: ddb/condition-from-request
        ':me': userId,
      },
    });
  }

  async markPaid(orderId: string, paymentId: string): Promise<void> {
    await this.doc.update({
      TableName: TABLE,
      // ok: ddb/key-from-request
      Key: { orderId },
      UpdateExpression: 'SET #status = :paid, paymentId = :payment',
      ConditionExpression: 'attribute_exists(orderId)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':paid': 'PAID', ':payment': paymentId },
    });
  }

  async refund(orderId: string, reason: string): Promise<void> {
    await this.doc.update({
      TableName: TABLE,
      // ok: ddb/key-from-request
      Key: { orderId },
      UpdateExpression: 'SET #status = :cancelled, refundReason = :reason',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'CANCELLED', ':reason': reason },
    });
  }
}
