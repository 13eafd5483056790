import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { TABLES } from '@app/config';

export interface Profile {
  userId: string;
  displayName?: string;
  locale?: string;
  marketingOptIn?: boolean;
  plan?: 'free' | 'plus';
}

export interface Device {
  deviceId: string;
  pushToken: string;
  platform: 'ios' | 'android';
}

export class AccountRepository {
  constructor(private readonly db: DynamoDBDocumentClient) {}

  async getProfile(userId: string): Promise<Profile | undefined> {
    const { Item } = await this.db.send(new GetCommand({
      TableName: TABLES.accounts,
      // ok: ddb/key-from-request, ddb/key-from-unverified-token
      Key: { userId },
    }));
    return Item as Profile | undefined;
  }

  // Writes whichever attributes `changes` has.
  async updateProfile(userId: string, changes: Record<string, unknown>): Promise<void> {
    const fields = Object.keys(changes);
    await this.db.send(new UpdateCommand({
      TableName: TABLES.accounts,
      Key: { userId },
      // expect: ddb/expression-injection
      UpdateExpression: `SET ${fields.map((f) => `#${f} = :${f}`).join(', ')}, updatedAt = :now`,
      // expect: ddb/expression-injection
      ExpressionAttributeNames: Object.fromEntries(fields.map((f) => [`#${f}`, f])),
      ExpressionAttributeValues: {
        ...Object.fromEntries(fields.map((f) => [`:${f}`, changes[f]])),
        ':now': new Date().toISOString(),
      },
    }));
  }

  // Table `devices`: partition key userId, sort key deviceId.
  async putDevice(userId: string, device: Device): Promise<void> {
    await this.db.send(new PutCommand({
      TableName: TABLES.devices,
      Item: {
        // expect: ddb/key-from-unverified-token
        userId,
        deviceId: device.deviceId,
        pushToken: device.pushToken,
        platform: device.platform,
        updatedAt: new Date().toISOString(),
      },
    }));
  }
}
