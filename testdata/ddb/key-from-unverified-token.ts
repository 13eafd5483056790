// ddb/key-from-unverified-token, TypeScript (ESM): jose decodeJwt into res.locals, jwt-decode,
// a hand-written base64 payload parse, and the low-level client with marshall(). The /gateway
// router trusts "the API Gateway authorizer" and only decodes; /api verifies with jose jwtVerify.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { jwtDecode } from 'jwt-decode';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

const ISSUER = 'https://id.example.com/';
const JWKS = createRemoteJWKSet(new URL(`${ISSUER}.well-known/jwks.json`));
const client = new DynamoDBClient({});
const ddb = DynamoDBDocumentClient.from(client);
const app = express();
const gateway = express.Router();
const api = express.Router();

function gatewayClaims(req: Request, res: Response, next: NextFunction) {
  const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
  // expect: jwt/decode-without-verify
  res.locals.claims = decodeJwt(token);
  next();
}

async function requireAuth(req: Request, res: Response, next: NextFunction) {
  const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
  try {
    const { payload } = await jwtVerify(token, JWKS, { issuer: ISSUER, audience: 'ledger-api' });
    res.locals.user = payload;
    return next();
  } catch {
    return res.status(401).json({ error: 'invalid token' });
  }
}

async function registerDevice(accountId: string, pushToken: string) {
  const deviceId = randomUUID();
  await ddb.send(new PutCommand({
    TableName: 'Devices',
    Item: {
      // expect: ddb/key-from-unverified-token
      accountId,
      deviceId,
      pushToken,
    },
  }));
  return deviceId;
}

gateway.use(gatewayClaims);

// expect: express/unauthenticated-data-route
gateway.put('/preferences', async (req: Request, res: Response) => {
  await ddb.send(new PutCommand({
    TableName: 'Preferences',
    Item: {
      // expect: ddb/key-from-unverified-token
      accountId: res.locals.claims.sub,
      theme: String(req.body.theme),
    },
  }));
  res.sendStatus(204);
});

// expect: express/unauthenticated-data-route
gateway.post('/transfers', async (req: Request, res: Response) => {
  const amount = Number(req.body.amount);
  await ddb.send(new TransactWriteCommand({
    TransactItems: [
      {
        Update: {
          TableName: 'Balances',
          // expect: ddb/key-from-unverified-token
          Key: { accountId: res.locals.claims.sub },
          UpdateExpression: 'SET balance = balance - :amount',
          ConditionExpression: 'balance >= :amount',
          ExpressionAttributeValues: { ':amount': amount },
        },
      },
      { Put: { TableName: 'Ledger', Item: { entryId: randomUUID(), kind: 'DEBIT', amount } } },
    ],
  }));
  res.sendStatus(202);
});

// expect: express/unauthenticated-data-route
gateway.post('/devices', async (req: Request, res: Response) => {
  const deviceId = await registerDevice(String(res.locals.claims.sub), String(req.body.pushToken));
  res.status(201).json({ deviceId });
});

api.use(requireAuth);

api.get('/me', async (req: Request, res: Response) => {
  const { Item } = await client.send(new GetItemCommand({
    TableName: 'Accounts',
    // ok: ddb/key-from-unverified-token
    Key: { accountId: { S: String(res.locals.user.sub) } },
  }));
  res.json(Item ? unmarshall(Item) : null);
});

// A hand-written decode of the ID token's payload.
api.get('/statements', async (req: Request, res: Response) => {
  const idToken = req.get('x-id-token') ?? '';
  // expect: jwt/decode-without-verify
  const profile = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8'));
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Statements',
    KeyConditionExpression: 'account_id = :acct',
    // expect: ddb/key-from-unverified-token
    ExpressionAttributeValues: { ':acct': profile.account_id },
  }));
  res.json(Items);
});

api.get('/balance', async (req: Request, res: Response) => {
  // expect: jwt/decode-without-verify
  const { acct } = jwtDecode<{ acct: string }>(req.get('x-id-token') ?? '');
  const { Item } = await client.send(new GetItemCommand({
    TableName: 'Balances',
    // expect: ddb/key-from-unverified-token
    Key: marshall({ accountId: acct }),
  }));
  res.json(Item ? unmarshall(Item) : null);
});

// The step-up token is verified first; decoding it afterwards yields verified claims.
api.get('/limits', async (req: Request, res: Response) => {
  const token = req.get('x-step-up-token') ?? '';
  try {
    await jwtVerify(token, JWKS, { issuer: ISSUER, audience: 'step-up' });
  } catch {
    return res.status(401).json({ error: 'step-up required' });
  }
  // ok: jwt/decode-without-verify
  const stepUp = decodeJwt(token);
  const { Item } = await ddb.send(new GetCommand({
    TableName: 'Limits',
    // ok: ddb/key-from-unverified-token
    Key: { accountId: stepUp.sub },
  }));
  res.json(Item);
});

// Every key holds the verified subject; the decoded card list only picks among own items.
api.get('/cards', async (req: Request, res: Response) => {
  // expect: jwt/decode-without-verify
  const { cards = [] } = jwtDecode<{ cards?: string[] }>(req.get('x-id-token') ?? '');
  const { Responses } = await ddb.send(new BatchGetCommand({
    RequestItems: {
      Cards: {
        // ok: ddb/key-from-unverified-token
        Keys: cards.map((cardId) => ({ userId: res.locals.user.sub, cardId })),
      },
    },
  }));
  res.json(Responses?.Cards ?? []);
});

api.get('/transfers', async (req: Request, res: Response) => {
  const { Items } = await ddb.send(new QueryCommand({
    TableName: 'Transfers',
    KeyConditionExpression: 'accountId = :acct',
    // ok: ddb/key-from-unverified-token
    ExpressionAttributeValues: { ':acct': res.locals.user.sub },
  }));
  res.json(Items);
});

app.use(express.json());
app.use('/gateway', gateway);
app.use('/api', api);

export default app;
