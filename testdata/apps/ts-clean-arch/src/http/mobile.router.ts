import { Router, type Request, type Response } from 'express';
import { accountService, orderService } from '@app/container';

// Mounted at /mobile behind decodeUser only (server.ts): req.user holds decoded, unverified claims.
const mobileRouter = Router();

// A read keyed by the decoded `sub`: the claims come from req.get('authorization') and nothing
// verifies them, so the key is the caller's choice (request input, in the spec's terms) and, with
// no authentication in front of the router, anyone can list anyone's orders.
// expect: express/unauthenticated-data-route
mobileRouter.get('/orders', async (req: Request, res: Response) => {
  res.json(await orderService.listForUser(req.user!.sub));
});

// expect: express/unauthenticated-data-route
mobileRouter.post('/devices', async (req: Request, res: Response) => {
  await accountService.registerDevice(req.user!.sub, {
    deviceId: String(req.body.deviceId),
    pushToken: String(req.body.pushToken),
    platform: req.body.platform === 'ios' ? 'ios' : 'android',
  });
  res.status(204).end();
});

export default mobileRouter;
