// ddb/expression-injection, TypeScript (ESM) with the aggregated DynamoDBDocument client.
// requireAuth verifies the bearer token with jsonwebtoken and puts the claims on req.user.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';

declare module 'express-serve-static-core' {
  interface Request {
    user?: JwtPayload;
  }
}

const doc = DynamoDBDocument.from(new DynamoDBClient({}));
const app = express();

function requireAuth(req: Request, res: Response, next: NextFunction) {
  const token = (req.get('authorization') ?? '').replace(/^Bearer /, '');
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET as string, {
      algorithms: ['HS256'],
      audience: 'catalog-api',
      issuer: 'https://auth.example.com/',
    }) as JwtPayload;
    return next();
  } catch {
    return res.status(401).json({ error: 'invalid token' });
  }
}

app.use(express.json());
app.use(requireAuth);

const STATUS = '#status';
const ADDRESS_KEY = 'addressId';
const VIEWS: Record<string, string> = { card: 'sku, title, price', full: 'sku, title, price, stock, supplier' };
const FILTERABLE = new Set(['colour', 'size', 'brand']);
const BASE_QUERY = { TableName: 'Favourites', KeyConditionExpression: 'userId = :me' };

// ?fields=email,passwordHash returns the password hash.
app.get('/me', async (req: Request, res: Response) => {
  const { Item } = await doc.get({
    TableName: 'Users',
    Key: { userId: req.user!.sub },
    // expect: ddb/expression-injection
    ProjectionExpression: `userId, ${req.query.fields}`,
  });
  res.json(Item);
});

app.get('/me/favourites', async (req: Request, res: Response) => {
  const view = VIEWS[String(req.query.view)] ?? VIEWS.card;
  const { Items } = await doc.query({
    // ok: ddb/expression-injection
    ...BASE_QUERY,
    // ok: ddb/expression-injection
    ProjectionExpression: view,
    ExpressionAttributeValues: { ':me': req.user!.sub },
    // ok: ddb/expression-injection
    ScanIndexForward: req.query.order !== 'desc',
  });
  res.json(Items);
});

app.get('/me/orders', async (req: Request, res: Response) => {
  const op = String(req.query.op ?? '=');
  const { Items } = await doc.query({
    TableName: 'Orders',
    // expect: ddb/expression-injection
    KeyConditionExpression: 'userId = :me AND createdAt ' + op + ' :date',
    ExpressionAttributeValues: { ':me': req.user!.sub, ':date': req.query.date },
  });
  res.json(Items);
});

app.get('/me/orders/since', async (req: Request, res: Response) => {
  const op = String(req.query.op ?? '>');
  if (op !== '<' && op !== '>') return res.status(400).json({ error: 'op must be < or >' });
  const { Items } = await doc.query({
    TableName: 'Orders',
    // ok: ddb/expression-injection
    KeyConditionExpression: 'userId = :me AND createdAt ' + op + ' :date',
    ExpressionAttributeValues: { ':me': req.user!.sub, ':date': req.query.date },
  });
  res.json(Items);
});

app.get('/products', async (req: Request, res: Response) => {
  const { Items } = await doc.scan({
    TableName: 'Products',
    // expect: ddb/expression-injection
    ...req.query,
  });
  res.json(Items);
});

app.get('/me/wishlist', async (req: Request, res: Response) => {
  const clauses: string[] = [];
  for (const key in req.query) clauses.push(`${key} = :${key}`);
  const { Items } = await doc.query({
    TableName: 'Wishlist',
    KeyConditionExpression: 'userId = :me',
    // expect: ddb/expression-injection
    FilterExpression: 'attribute_exists(sku) AND ' + clauses.join(' AND '),
    ExpressionAttributeValues: {
      // The spread below comes later and `?me=victim` overwrites `:me`.
      // expect: ddb/key-from-request
      ':me': req.user!.sub,
      ...Object.fromEntries(Object.entries(req.query).map(([k, v]) => [`:${k}`, v])),
    },
  });
  res.json(Items);
});

app.get('/me/wishlist/filter', async (req: Request, res: Response) => {
  const field = String(req.query.field);
  if (!FILTERABLE.has(field)) return res.status(400).json({ error: 'unknown filter' });
  const { Items } = await doc.query({
    TableName: 'Wishlist',
    KeyConditionExpression: 'userId = :me',
    // ok: ddb/expression-injection
    FilterExpression: `${field} = :v AND ${STATUS} = :s`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':me': req.user!.sub, ':v': req.query.value, ':s': 'ACTIVE' },
  });
  res.json(Items);
});

app.get('/me/wishlist/cheap', async (req: Request, res: Response) => {
  const { Items } = await doc.query({
    TableName: 'Wishlist',
    KeyConditionExpression: 'userId = :me',
    // expect: ddb/expression-injection
    FilterExpression: 'price <= ' + Number(req.query.maxPrice),
    ExpressionAttributeValues: { ':me': req.user!.sub },
  });
  res.json(Items);
});

// Key and TableName are overwritten after the spread, but the body still supplies
// UpdateExpression, ConditionExpression and the rest.
app.patch('/me/wishlist', async (req: Request, res: Response) => {
  await doc.update({
    // expect: ddb/expression-injection
    ...req.body,
    TableName: 'Wishlists',
    Key: { userId: req.user!.sub },
  });
  res.sendStatus(204);
});

app.post('/me/counters/:counter', async (req: Request, res: Response) => {
  await doc.update({
    TableName: 'Counters',
    Key: { userId: req.user!.sub },
    // expect: ddb/expression-injection
    UpdateExpression: `ADD ${req.params.counter} :one`,
    ExpressionAttributeValues: { ':one': 1 },
  });
  res.sendStatus(204);
});

app.post('/me/addresses', async (req: Request, res: Response) => {
  await doc.put({
    TableName: 'Addresses',
    // ok: ddb/expression-injection, ddb/key-from-request
    Item: { ...req.body, addressId: randomUUID(), userId: req.user!.sub },
    // ok: ddb/expression-injection
    ConditionExpression: `attribute_not_exists(${ADDRESS_KEY})`,
  });
  res.sendStatus(201);
});

export default app;
