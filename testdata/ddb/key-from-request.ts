// ddb/key-from-request, TypeScript (ESM): express-jwt puts the verified claims on req.auth; the
// aggregated DynamoDBDocument client, a controller class and a wrap() helper for async handlers.
import express, { type NextFunction, type Response } from 'express';
import { expressjwt, type Request as JWTRequest } from 'express-jwt';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument, GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { v4 as uuidv4 } from 'uuid';
import { DirectoryClient } from '@acme/directory';

const doc = DynamoDBDocument.from(new DynamoDBClient({ region: process.env.AWS_REGION }));
const directory = new DirectoryClient();
const app = express();
const router = express.Router();

const requireAuth = expressjwt({
  secret: process.env.JWT_SECRET as string,
  algorithms: ['HS256'],
  audience: 'projects-api',
  issuer: 'https://auth.example.com/',
});

router.use(requireAuth);
router.use((req: JWTRequest, res: Response, next: NextFunction) => {
  res.locals.tenantId = req.auth?.tenantId;
  next();
});

type Handler = (req: JWTRequest, res: Response) => Promise<unknown>;
const wrap = (fn: Handler) => (req: JWTRequest, res: Response, next: NextFunction) => {
  fn(req, res).catch(next);
};

const taskParams = z.object({ taskId: z.string().uuid() });

class ProjectsController {
  async show(req: JWTRequest, res: Response) {
    const { Item } = await doc.get({
      TableName: 'Projects',
      // expect: ddb/key-from-request
      Key: { projectId: req.params.projectId },
    });
    res.json(Item);
  }

  async membership(req: JWTRequest, res: Response) {
    const { Item } = await doc.get({
      TableName: 'ProjectMembers',
      Key: {
        ownerId: req.auth!.sub,
        // ok: ddb/key-from-request
        projectId: req.params.projectId,
      },
    });
    res.json(Item);
  }

  async tasks(req: JWTRequest, res: Response) {
    const { Items } = await doc.query({
      TableName: 'Main',
      KeyConditionExpression: 'pk = :pid AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        // expect: ddb/key-from-request
        ':pid': `PROJECT#${req.params.projectId}`,
        ':prefix': 'TASK#',
      },
    });
    res.json(Items);
  }

  async list(req: JWTRequest, res: Response) {
    const { Items } = await doc.query({
      TableName: 'Projects',
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerId = :owner AND begins_with(#status, :status)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':owner': req.auth?.sub,
        // ok: ddb/key-from-request
        ':status': String(req.query.status ?? ''),
      },
    });
    res.json(Items);
  }
}

const projects = new ProjectsController();
router.get('/projects', (req, res, next) => projects.list(req, res).catch(next));
router.get('/projects/:projectId', (req, res, next) => projects.show(req, res).catch(next));
router.get('/projects/:projectId/membership', (req, res, next) => projects.membership(req, res).catch(next));
router.get('/projects/:projectId/tasks', (req, res, next) => projects.tasks(req, res).catch(next));

export async function getTask(req: JWTRequest, res: Response) {
  const taskKey = `TASK#${req.params.taskId}`;
  const { Item } = await doc.send(new GetCommand({
    TableName: 'Main',
    // expect: ddb/key-from-request
    Key: { pk: taskKey, sk: taskKey },
  }));
  res.json(Item);
}
router.get('/tasks/:taskId', getTask);

router.get('/me', wrap(async (req, res) => {
  const { Item } = await doc.get({
    TableName: 'Users',
    // ok: ddb/key-from-request
    Key: { userId: req.auth!.sub },
  });
  res.json(Item);
}));

router.delete('/projects/:projectId/members/:memberId', wrap(async (req, res) => {
  await doc.delete({
    TableName: 'ProjectMembers',
    Key: {
      // expect: ddb/key-from-request
      projectId: req.params.projectId,
      memberId: req.params.memberId,
    },
  });
  res.sendStatus(204);
}));

// zod checks that the id is a UUID, not whose task it is.
router.patch('/tasks/:taskId', wrap(async (req, res) => {
  const parsed = taskParams.safeParse(req.params);
  if (!parsed.success) return res.status(400).json(parsed.error.flatten());
  await doc.update({
    TableName: 'Tasks',
    // expect: ddb/key-from-request
    Key: { taskId: req.params.taskId },
    UpdateExpression: 'SET title = :title',
    ExpressionAttributeValues: { ':title': String(req.body.title) },
  });
  res.sendStatus(204);
}));

router.post('/projects/batch', wrap(async (req, res) => {
  const ids: string[] = Array.isArray(req.body.projectIds) ? req.body.projectIds : [];
  const { Responses } = await doc.batchGet({
    RequestItems: {
      Projects: {
        // expect: ddb/key-from-request
        Keys: ids.map((projectId) => ({ projectId })),
      },
    },
  });
  res.json(Responses?.Projects ?? []);
}));

// "Defaults to the caller", but the body can name any owner.
router.post('/projects', wrap(async (req, res) => {
  const project = {
    projectId: uuidv4(),
    name: String(req.body.name),
    // expect: ddb/key-from-request
    ownerId: req.body.ownerId ?? req.auth?.sub,
  };
  await doc.put({ TableName: 'Projects', Item: project });
  res.status(201).json(project);
}));

router.post('/projects/:projectId/tasks', wrap(async (req, res) => {
  const task = {
    taskId: uuidv4(),
    ownerId: req.auth!.sub,
    // ok: ddb/key-from-request
    projectId: req.params.projectId,
    title: String(req.body.title),
  };
  await doc.put({ TableName: 'Tasks', Item: task, ConditionExpression: 'attribute_not_exists(taskId)' });
  res.status(201).json(task);
}));

router.get('/billing/settings', wrap(async (req, res) => {
  const { Item } = await doc.send(new GetCommand({
    TableName: 'TenantSettings',
    Key: {
      // expect: ddb/key-from-request
      tenantId: req.get('x-tenant-id'),
      settingId: 'BILLING',
    },
  }));
  res.json(Item);
}));

// res.locals.tenantId was copied from the verified claims above.
router.get('/invoices/:invoiceId', wrap(async (req, res) => {
  const { Item } = await doc.get({
    TableName: 'Invoices',
    Key: {
      tenantId: res.locals.tenantId,
      // ok: ddb/key-from-request
      invoiceId: req.params.invoiceId,
    },
  });
  res.json(Item);
}));

// The team id comes from the directory service's answer, not from the request.
router.get('/teams/by-email/:email', wrap(async (req, res) => {
  const membership = await directory.lookup(req.params.email);
  const { Item } = await doc.get({
    TableName: 'Teams',
    // ok: ddb/key-from-request
    Key: { teamId: membership.teamId },
  });
  res.json(Item);
}));

router.delete('/projects/:projectId', wrap(async (req, res) => {
  const scopes = String(req.auth?.scope ?? '').split(' ');
  if (!scopes.includes('projects:admin')) return res.sendStatus(403);
  await doc.delete({
    TableName: 'Projects',
    // ok: ddb/key-from-request
    Key: { projectId: req.params.projectId },
  });
  res.sendStatus(204);
}));

// OAuth client credentials: a public path, and no caller identity exists yet.
// ok: express/unauthenticated-data-route
app.post('/oauth/token', express.urlencoded({ extended: false }), async (req, res) => {
  const { Item } = await doc.get({
    TableName: 'OAuthClients',
    // ok: ddb/key-from-request
    Key: { clientId: req.body.client_id },
  });
  if (!Item) return res.status(401).json({ error: 'invalid_client' });
  res.json({ client: Item.clientId });
});

app.use('/api', router);

export default app;
