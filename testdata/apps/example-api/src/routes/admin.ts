import { Router, type NextFunction, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DeleteCommand, ExecuteStatementCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, NOTES_TABLE } from '../db';

// Staff sign in with the company identity provider, not with this API's own tokens.
const STAFF_ISSUER = 'https://login.example-corp.com/';
const staffKeys = createRemoteJWKSet(new URL(`${STAFF_ISSUER}.well-known/jwks.json`));

async function requireStaff(req: Request, res: Response, next: NextFunction) {
  const token = req.get('authorization')?.replace(/^Bearer /, '');
  if (!token) return res.status(401).json({ error: 'staff token required' });
  try {
    // expect: jwt/missing-audience
    const { payload } = await jwtVerify(token, staffKeys, { issuer: STAFF_ISSUER, algorithms: ['RS256'] });
    res.locals.staff = payload;
    return next();
  } catch {
    return res.status(401).json({ error: 'invalid staff token' });
  }
}

export const adminRouter = Router();
adminRouter.use(requireStaff);

// Support looks up a customer's notes by owner id.
adminRouter.get('/notes', async (req: Request, res: Response) => {
  const { Items = [] } = await ddb.send(new ExecuteStatementCommand({
    // expect: ddb/expression-injection
    Statement: `SELECT noteId, title, createdAt FROM "${NOTES_TABLE}"."byOwner" WHERE ownerId = '${req.query.owner}'`,
  }));
  res.json(Items);
});

// Moderators remove notes reported for abuse.
adminRouter.delete('/notes/:noteId', async (req: Request, res: Response) => {
  const groups: unknown = res.locals.staff.groups;
  if (!Array.isArray(groups) || !groups.includes('moderators')) {
    return res.status(403).json({ error: 'moderators only' });
  }
  await ddb.send(new DeleteCommand({
    TableName: NOTES_TABLE,
    // ok: ddb/key-from-request
    Key: { noteId: req.params.noteId },
  }));
  res.status(204).end();
});
