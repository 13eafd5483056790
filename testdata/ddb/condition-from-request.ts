// ddb/condition-from-request, TypeScript (ESM) with @aws-sdk v3: lib-dynamodb commands, a
// TransactWrite ConditionCheck and the low-level UpdateItemCommand. requireAuth verifies with
// jose and keeps the claims in res.locals.user.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

const ISSUER = 'https://auth.example.com/';
const JWKS = createRemoteJWKSet(new URL(`${ISSUER}.well-known/jwks.json`));
const client = new DynamoDBClient({});
const ddb = DynamoDBDocumentClient.from(client);
export const router = express.Router();

async function requireAuth(req: Request, res: Response, next: NextFunction) {
  const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
  try {
    const { payload } = await jwtVerify(token, JWKS, { audience: 'boards-api', issuer: ISSUER });
    res.locals.user = payload;
    return next();
  } catch {
    return res.status(401).json({ error: 'invalid token' });
  }
}

// The ConditionCheck is meant to prove the caller owns the board, but checks the body's value.
router.post('/boards/:boardId/cards', requireAuth, async (req: Request, res: Response) => {
  const cardId = randomUUID();
  await ddb.send(new TransactWriteCommand({
    TransactItems: [
      {
        ConditionCheck: {
          TableName: 'Boards',
          // ok: ddb/key-from-request
          Key: { boardId: req.params.boardId },
          ConditionExpression: 'ownerId = :owner',
          // expect: ddb/condition-from-request
          ExpressionAttributeValues: { ':owner': req.body.boardOwner },
        },
      },
      {
        Put: {
          TableName: 'Cards',
          Item: { cardId, boardId: req.params.boardId, createdBy: res.locals.user.sub, title: req.body.title },
          // ok: ddb/condition-from-request
          ConditionExpression: 'attribute_not_exists(cardId)',
        },
      },
    ],
  }));
  res.status(201).json({ cardId });
});

// The same transaction done right: the ConditionCheck binds the owner to the verified subject.
router.post('/boards/:boardId/columns', requireAuth, async (req: Request, res: Response) => {
  await ddb.send(new TransactWriteCommand({
    TransactItems: [
      {
        ConditionCheck: {
          TableName: 'Boards',
          // ok: ddb/key-from-request
          Key: { boardId: req.params.boardId },
          ConditionExpression: 'ownerId = :me',
          // ok: ddb/condition-from-request
          ExpressionAttributeValues: { ':me': res.locals.user.sub },
        },
      },
      {
        Put: {
          TableName: 'Columns',
          Item: { columnId: randomUUID(), boardId: req.params.boardId, name: String(req.body.name) },
        },
      },
    ],
  }));
  res.sendStatus(201);
});

// Low-level client: attribute-value wrappers do not hide where the values come from.
router.post('/boards/:boardId/archive', requireAuth, async (req: Request, res: Response) => {
  await client.send(new UpdateItemCommand({
    TableName: 'Boards',
    // expect: ddb/key-from-request
    Key: { boardId: { S: req.params.boardId } },
    UpdateExpression: 'SET archived = :yes',
    ConditionExpression: 'ownerId = :owner',
    ExpressionAttributeValues: {
      ':yes': { BOOL: true },
      // expect: ddb/condition-from-request
      ':owner': { S: String(req.query.owner) },
    },
  }));
  res.sendStatus(204);
});

// Upsert "unless someone else owns it", with that someone named by the client.
router.put('/cards/:cardId', requireAuth, async (req: Request, res: Response) => {
  await ddb.send(new PutCommand({
    TableName: 'Cards',
    Item: {
      cardId: req.params.cardId,
      // ok: ddb/key-from-request
      owner: res.locals.user.sub,
      title: String(req.body.title),
    },
    ConditionExpression: 'attribute_not_exists(cardId) OR #owner = :owner',
    ExpressionAttributeNames: { '#owner': 'owner' },
    ExpressionAttributeValues: {
      // expect: ddb/condition-from-request
      ':owner': req.body.owner,
    },
  }));
  res.sendStatus(204);
});

// The owner attribute is reached through ExpressionAttributeNames and compared by begins_with.
router.post('/tenants/:tenantId/cards/:cardId/move', requireAuth, async (req: Request, res: Response) => {
  const { tenantId, cardId } = req.params;
  await ddb.send(new UpdateCommand({
    TableName: 'Cards',
    // expect: ddb/key-from-request
    Key: { cardId },
    UpdateExpression: 'SET boardId = :board',
    ConditionExpression: 'begins_with(#t, :tenant)',
    ExpressionAttributeNames: { '#t': 'tenantId' },
    ExpressionAttributeValues: {
      ':board': req.body.boardId,
      // expect: ddb/condition-from-request
      ':tenant': `${tenantId}#`,
    },
  }));
  res.sendStatus(204);
});

router.delete('/cards/:cardId', requireAuth, async (req: Request, res: Response) => {
  await ddb.send(new DeleteCommand({
    TableName: 'Cards',
    // ok: ddb/key-from-request
    Key: { cardId: req.params.cardId },
    ConditionExpression: 'ownerId = :me',
    // ok: ddb/condition-from-request
    ExpressionAttributeValues: { ':me': res.locals.user.sub },
  }));
  res.sendStatus(204);
});

// (b) Moderators may delete on behalf of any owner, so the body's owner is not a finding.
router.delete('/moderation/cards/:cardId', requireAuth, async (req: Request, res: Response) => {
  const groups = (res.locals.user.groups ?? []) as string[];
  if (!groups.includes('moderators')) return res.sendStatus(403);
  await ddb.send(new DeleteCommand({
    TableName: 'Cards',
    // ok: ddb/key-from-request
    Key: { cardId: req.params.cardId },
    ConditionExpression: 'ownerId = :owner',
    // ok: ddb/condition-from-request
    ExpressionAttributeValues: { ':owner': req.body.ownerId },
  }));
  res.sendStatus(204);
});

// A FilterExpression is not a ConditionExpression; the key condition is the caller's own.
router.get('/me/cards', requireAuth, async (req: Request, res: Response) => {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: 'Cards',
    IndexName: 'byAssignee',
    KeyConditionExpression: 'assigneeId = :me',
    FilterExpression: 'createdBy = :author',
    ExpressionAttributeValues: {
      ':me': res.locals.user.sub,
      // ok: ddb/condition-from-request, ddb/key-from-request
      ':author': req.query.author,
    },
  }));
  res.json(Items);
});
