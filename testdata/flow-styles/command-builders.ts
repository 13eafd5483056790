// Style: commands built before they are sent (`const cmd = new GetCommand(params)`, then
// `client.send(cmd)`), parameter objects mutated after creation, the low-level client with
// `{ S: id }` and `marshall(...)`, and fan-out with `Promise.all(ids.map(...))`.
import express, { type NextFunction, type Request, type Response } from 'express';
import * as jwt from 'jsonwebtoken';
import { DynamoDBClient, GetItemCommand, DeleteItemCommand, QueryCommand as RawQuery } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, type GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

const client = new DynamoDBClient({});
const ddb = DynamoDBDocumentClient.from(client);
const router = express.Router();

function requireUser(req: Request, res: Response, next: NextFunction) {
  try {
    const claims = jwt.verify(String(req.headers.authorization).slice(7), process.env.JWT_PUBLIC_KEY!, {
      algorithms: ['RS256'], audience: 'files-api', issuer: 'https://auth.example.com/',
    }) as jwt.JwtPayload;
    (req as any).user = claims;
    (req as any).userId = claims.sub;
  } catch {
    return res.status(401).end();
  }
  return next();
}
router.use(requireUser);

// Params mutated after the object literal, command built, then sent.
router.get('/files/:fileId', async (req, res) => {
  const { fileId } = req.params;
  const params: GetCommandInput = { TableName: 'Files', Key: undefined };
  // expect: ddb/key-from-request
  params.Key = { fileId };
  const cmd = new GetCommand(params);
  const { Item } = await ddb.send(cmd);
  res.json(Item);
});

// The same shape, keyed by the caller.
router.get('/me/files/:fileId', async (req: any, res) => {
  const input: GetCommandInput = { TableName: 'Files', Key: {} };
  // ok: ddb/key-from-request
  input.Key = { ownerId: req.user.sub, fileId: req.params.fileId };
  const command = new GetCommand(input);
  res.json((await ddb.send(command)).Item);
});

// A custom request property filled from the verified claims scopes the key like req.user does.
router.get('/me/shares/:shareId', async (req: any, res) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Shares',
    Key: {
      userId: req.userId,
      // ok: ddb/key-from-request
      shareId: req.params.shareId,
    },
  }));
  res.json(Item);
});

// Low-level client, attribute-value wrapper.
router.get('/blobs/:blobId', async (req, res) => {
  const id = req.params.blobId;
  const cmd = new GetItemCommand({
    TableName: 'Blobs',
    // expect: ddb/key-from-request
    Key: { blobId: { S: id } },
  });
  const { Item } = await client.send(cmd);
  res.json(Item ? unmarshall(Item) : null);
});

// Low-level client with marshall(), owner part of the key from the verified claims.
router.delete('/me/blobs/:blobId', async (req: any, res) => {
  const id = req.params.blobId;
  await client.send(new DeleteItemCommand({
    TableName: 'Blobs',
    // ok: ddb/key-from-request
    Key: marshall({ ownerId: req.user.sub, blobId: id }),
  }));
  res.sendStatus(204);
});

// Low-level query: placeholder as { S: ... } from the path.
router.get('/folders/:folderId/blobs', async (req, res) => {
  const { Items = [] } = await client.send(new RawQuery({
    TableName: 'Blobs',
    KeyConditionExpression: 'folderId = :f',
    // expect: ddb/key-from-request
    ExpressionAttributeValues: { ':f': { S: req.params.folderId } },
  }));
  res.json(Items.map((i) => unmarshall(i)));
});

// Fan-out: one Get per id from the body.
router.post('/files/lookup', async (req, res) => {
  const ids: string[] = req.body.ids ?? [];
  const results = await Promise.all(ids.map((id) => ddb.send(new GetCommand({
    TableName: 'Files',
    // expect: ddb/key-from-request
    Key: { fileId: id },
  }))));
  res.json(results.map((r) => r.Item));
});

// Fan-out scoped to the caller.
router.post('/me/files/lookup', async (req: any, res) => {
  const ids: string[] = req.body.ids ?? [];
  const results = await Promise.all(ids.map((fileId) => ddb.send(new GetCommand({
    TableName: 'Files',
    // ok: ddb/key-from-request
    Key: { ownerId: req.user.sub, fileId },
  }))));
  res.json(results.map((r) => r.Item));
});

// Params object built piecemeal: the update expression is assembled from a body field name.
router.patch('/me/files/:fileId', async (req: any, res) => {
  const field = String(req.body.field);
  const update: any = { TableName: 'Files' };
  update.Key = { ownerId: req.user.sub, fileId: req.params.fileId };
  // expect: ddb/expression-injection
  update.UpdateExpression = `SET ${field} = :v`;
  update.ExpressionAttributeValues = { ':v': req.body.value };
  await ddb.send(new UpdateCommand(update));
  res.sendStatus(204);
});

// Object.assign copies every body field over the defaults, ownerId included.
router.post('/files', async (req: any, res) => {
  // expect: ddb/key-from-request
  const item = Object.assign({ fileId: randomUUID(), ownerId: req.user.sub }, req.body);
  await ddb.send(new PutCommand({ TableName: 'Files', Item: item }));
  res.status(201).json(item);
});

// Whole body passed as the command input.
router.post('/files/raw-update', async (req, res) => {
  // expect: ddb/expression-injection
  const cmd = new UpdateCommand(req.body);
  await ddb.send(cmd);
  res.sendStatus(204);
});

export default router;
