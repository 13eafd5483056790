// Style: jose in middleware classes/functions that store identity in res.locals; handlers read
// res.locals.user (verified by jwtVerify) or res.locals.session (only decoded with decodeJwt).
import { Router, type NextFunction, type Request, type Response } from 'express';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const JWKS = createRemoteJWKSet(new URL('https://idp.example.com/.well-known/jwks.json'));
const router = Router();

const tokenOf = (req: Request) => (req.header('authorization') ?? '').split(' ')[1] ?? '';

export async function verified(req: Request, res: Response, next: NextFunction) {
  try {
    const token = tokenOf(req);
    const { kid } = decodeProtectedHeader(token);
    const { payload } = await jwtVerify(token, JWKS, { audience: 'docs-api', issuer: 'https://idp.example.com/' });
    res.locals.user = {
      sub: payload.sub, kid, scopes: String(payload.scope ?? '').split(' '), spaces: (payload.spaces ?? []) as string[],
    };
    return next();
  } catch {
    return res.status(401).json({ error: 'unauthorized' });
  }
}

// Looks like the same thing, but never checks the signature.
export function sessionFromToken(req: Request, res: Response, next: NextFunction) {
  const token = tokenOf(req);
  if (!token) return res.sendStatus(401);
  // expect: jwt/decode-without-verify
  const claims = decodeJwt(token);
  res.locals.session = { sub: claims.sub as string, tenant: claims.tid as string };
  return next();
}

// Decoded claims kept on a custom request property, then used as a key.
function tenantFromToken(req: Request, _res: Response, next: NextFunction) {
  // expect: jwt/decode-without-verify
  (req as any).tenantId = decodeJwt(tokenOf(req)).tid;
  next();
}

// expect: express/unauthenticated-data-route
router.get('/tenant/usage', tenantFromToken, async (req: any, res) => {
  // expect: ddb/key-from-unverified-token
  res.json((await ddb.send(new GetCommand({ TableName: 'Usage', Key: { tenantId: req.tenantId, period: 'NOW' } }))).Item);
});

router.get('/me/docs', verified, async (_req, res) => {
  const { Items } = await ddb.send(new QueryCommand({ TableName: 'Docs', KeyConditionExpression: 'ownerId = :o',
    // ok: ddb/key-from-request, ddb/key-from-unverified-token
    ExpressionAttributeValues: { ':o': res.locals.user.sub } }));
  res.json(Items);
});

// expect: express/unauthenticated-data-route
router.get('/session/docs', sessionFromToken, async (_req, res) => {
  const { Items } = await ddb.send(new QueryCommand({ TableName: 'Docs', KeyConditionExpression: 'ownerId = :o',
    // expect: ddb/key-from-unverified-token
    ExpressionAttributeValues: { ':o': res.locals.session.sub } }));
  res.json(Items);
});

// expect: express/unauthenticated-data-route
router.get('/tenants/current/settings', sessionFromToken, async (_req, res) => {
  const { tenant } = res.locals.session;
  // expect: ddb/key-from-unverified-token
  const { Item } = await ddb.send(new GetCommand({ TableName: 'TenantSettings', Key: { tenantId: tenant, sk: 'SETTINGS' } }));
  res.json(Item);
});

// A scope from the verified token authorises acting on any doc: pattern (b).
router.delete('/docs/:docId', verified, async (req, res) => {
  if (!res.locals.user.scopes.includes('docs:admin')) return res.sendStatus(403);
  // ok: ddb/key-from-request
  await ddb.send(new DeleteCommand({ TableName: 'Docs', Key: { docId: req.params.docId } }));
  return res.sendStatus(204);
});

// Membership of the path's workspace in the verified claims, with exit: pattern (a).
router.get('/spaces/:spaceId/docs', verified, async (req, res) => {
  if (!res.locals.user.spaces.includes(req.params.spaceId)) return res.sendStatus(403);
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: 'Docs',
    KeyConditionExpression: 'spaceId = :s',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':s': req.params.spaceId },
  }));
  return res.json(Items);
});

// Every returned item's owner checked against the caller, with exit: pattern (e) for a Query.
router.get('/folders/:folderId/docs', verified, async (req, res) => {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: 'Docs',
    IndexName: 'byFolder',
    KeyConditionExpression: 'folderId = :f',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':f': req.params.folderId },
  }));
  if (Items.some((d) => d.ownerId !== res.locals.user.sub)) return res.sendStatus(403);
  return res.json(Items);
});

// The owner check in the condition, written with begins_with, bound to request input.
router.put('/docs/:docId', verified, async (req, res) => {
  await ddb.send(new UpdateCommand({
    TableName: 'Docs',
    // expect: ddb/key-from-request
    Key: { docId: req.params.docId },
    UpdateExpression: 'SET body = :b',
    ConditionExpression: 'attribute_exists(docId) AND begins_with(ownerId, :o)',
    ExpressionAttributeValues: {
      ':b': String(req.body.body),
      // expect: ddb/condition-from-request
      ':o': req.body.owner,
    },
  }));
  res.sendStatus(204);
});

// The same condition with the owner on the right of IN, bound to the verified subject.
router.post('/docs/:docId/publish', verified, async (req, res) => {
  await ddb.send(new UpdateCommand({
    TableName: 'Docs',
    // ok: ddb/key-from-request
    Key: { docId: req.params.docId },
    UpdateExpression: 'SET published = :yes',
    ConditionExpression: ':me IN (ownerId, editorId)',
    // ok: ddb/condition-from-request
    ExpressionAttributeValues: { ':yes': true, ':me': res.locals.user.sub },
  }));
  res.sendStatus(204);
});

// Condition bound to the decoded session: the attacker writes both sides.
// expect: express/unauthenticated-data-route
router.patch('/session/docs/:docId', sessionFromToken, async (req, res) => {
  await ddb.send(new UpdateCommand({
    TableName: 'Docs',
    // expect: ddb/key-from-request
    Key: { docId: req.params.docId },
    UpdateExpression: 'SET title = :title',
    ConditionExpression: 'ownerId = :me',
    ExpressionAttributeValues: {
      ':title': String(req.body.title),
      // expect: ddb/key-from-unverified-token
      ':me': res.locals.session.sub,
    },
  }));
  res.sendStatus(204);
});

export default router;
