import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export default class ThingsRepository {
  async update(id: string, changes: Record<string, unknown>, owner: string) {
    let expression = 'SET';
    const values: Record<string, unknown> = {};
    Object.entries(changes).forEach(([key, value]) => {
      // expect: ddb/expression-injection
      expression += ` ${key} = :${key},`;
      values[`:${key}`] = value;
    });
    const out = await ddb.send(new UpdateCommand({
      TableName: 'Things',
      // ok: ddb/key-from-request
      Key: { owner, id },
      UpdateExpression: expression.slice(0, -1),
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }));
    return out.Attributes;
  }

  async find(id: string) {
    // A constant establishes nothing, and the route's mount (in a loop) is not followed, so
    // the key is judged as if behind authentication: both rules report.
    // expect: ddb/key-from-request
    const out = await ddb.send(new GetCommand({ TableName: 'Things', Key: { owner: 'public', id } }));
    return out.Item;
  }

  async account(email: string) {
    // ok: ddb/key-from-request
    const out = await ddb.send(new GetCommand({ TableName: 'Accounts', Key: { email } }));
    return out.Item;
  }
}
