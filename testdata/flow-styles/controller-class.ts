// Style: TypeScript controller classes with constructor-injected repositories, the repository
// doing the DynamoDB call in the same file (`this.repo.find(id)`), routes chained with
// `router.route(path).get(...).put(...)`, and passport-jwt putting the verified claims on req.user.
import { Router, type Request, type Response } from 'express';
import passport from 'passport';
import { Strategy as JwtStrategy, ExtractJwt } from 'passport-jwt';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';

type Claims = { sub: string; roles: string[] };
type AuthedRequest = Request & { user: Claims };

passport.use(new JwtStrategy({
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  secretOrKey: process.env.JWT_PUBLIC_KEY as string,
  algorithms: ['RS256'],
  audience: 'orders-api',
  issuer: 'https://auth.example.com/',
}, (claims: Claims, done: (err: unknown, user?: Claims) => void) => done(null, claims)));

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

class OrdersRepo {
  constructor(private readonly table: string) {}

  async find(orderId: string) {
    const { Item } = await ddb.send(new GetCommand({
      TableName: this.table,
      // expect: ddb/key-from-request
      Key: { orderId },
    }));
    return Item;
  }

  async findForOwner(ownerId: string, orderId: string) {
    const { Item } = await ddb.send(new GetCommand({
      TableName: this.table,
      // ok: ddb/key-from-request
      Key: { ownerId, orderId },
    }));
    return Item;
  }

  async listByCustomer(customerId: string) {
    const { Items } = await ddb.send(new QueryCommand({
      TableName: this.table,
      IndexName: 'byCustomer',
      KeyConditionExpression: 'customerId = :c',
      // expect: ddb/key-from-request
      ExpressionAttributeValues: { ':c': customerId },
    }));
    return Items ?? [];
  }

  async get(orderId: string) {
    const { Item } = await ddb.send(new GetCommand({
      TableName: this.table,
      // ok: ddb/key-from-request
      Key: { orderId },
    }));
    return Item;
  }

  async rename(orderId: string, label: string) {
    await ddb.send(new UpdateCommand({
      TableName: this.table,
      // expect: ddb/key-from-request
      Key: { orderId },
      UpdateExpression: 'SET label = :label',
      ExpressionAttributeValues: { ':label': label },
    }));
  }

  async remove(orderId: string, callerId: string) {
    await ddb.send(new DeleteCommand({
      TableName: this.table,
      // ok: ddb/key-from-request
      Key: { orderId },
      ConditionExpression: 'ownerId = :caller',
      // ok: ddb/condition-from-request
      ExpressionAttributeValues: { ':caller': callerId },
    }));
  }
}

class OrdersController {
  constructor(private repo: OrdersRepo) {}

  // IDOR: the id from the path is fetched and returned as is.
  show = async (req: Request, res: Response) => {
    const item = await this.repo.find(req.params.id);
    if (!item) return res.sendStatus(404);
    return res.json(item);
  };

  // Pattern (e) across the repository call: the owner is compared before the item is sent.
  async receipt(req: Request, res: Response) {
    const order = await this.repo.get(req.params.id);
    if (!order || order.ownerId !== (req as AuthedRequest).user.sub) return res.sendStatus(404);
    return res.json(order.receipt);
  }

  // Scoped: the verified subject is the partition key.
  async mine(req: Request, res: Response) {
    const { sub } = (req as AuthedRequest).user;
    res.json(await this.repo.findForOwner(sub, req.params.id));
  }

  // The customer id in the query string picks whose orders are listed.
  async byCustomer(req: Request, res: Response) {
    res.json(await this.repo.listByCustomer(String(req.query.customerId)));
  }

  async rename(req: Request, res: Response) {
    await this.repo.rename(req.params.id, String(req.body.label));
    res.sendStatus(204);
  }

  // The write's condition is bound to the verified subject: pattern (d).
  async destroy(req: Request, res: Response) {
    await this.repo.remove(req.params.id, (req as AuthedRequest).user.sub);
    res.sendStatus(204);
  }
}

const orders = new OrdersController(new OrdersRepo('Orders'));
const router = Router();
const auth = passport.authenticate('jwt', { session: false });

router.route('/orders/:id')
  .get(auth, (req, res, next) => { orders.show(req, res).catch(next); })
  .put(auth, (req, res, next) => { orders.rename(req, res).catch(next); })
  .delete(auth, (req, res, next) => { orders.destroy(req, res).catch(next); });

router.get('/orders/:id/receipt', auth, (req, res, next) => { orders.receipt(req, res).catch(next); });
router.get('/me/orders/:id', auth, (req, res, next) => { orders.mine(req, res).catch(next); });
router.get('/orders', auth, (req, res, next) => { orders.byCustomer(req, res).catch(next); });

export default router;
