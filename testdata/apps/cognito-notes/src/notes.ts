import { Router, type Response } from 'express';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { requireUser, type AuthedRequest } from './auth';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const notes = Router();

// ok: express/unauthenticated-data-route
notes.get('/:noteId', requireUser, async (req: AuthedRequest, res: Response) => {
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Notes',
    // ok: ddb/key-from-request
    Key: { PK: `USER#${req.userId}`, SK: `NOTE#${req.params.noteId}` },
  }));
  res.json(Item);
});

// The same delete without the verifier in front of it.
// expect: express/unauthenticated-data-route
notes.delete('/:noteId', async (req: AuthedRequest, res: Response) => {
  await ddb.send(new DeleteCommand({
    TableName: 'Notes',
    // ok: ddb/key-from-request
    Key: { PK: `USER#${req.query.user}`, SK: `NOTE#${req.params.noteId}` },
  }));
  res.sendStatus(204);
});

export default notes;
