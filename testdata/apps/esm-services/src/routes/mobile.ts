import { Router } from 'express';
import { decodeUser } from '../auth/index.js';
import { services } from '../container.js';

// Mounted at /mobile. Only decodeUser stands in front: it decodes, it does not verify, so it
// is not authentication, and the key below comes from claims anyone can write.
const router = Router();
router.use(decodeUser);

// expect: express/unauthenticated-data-route
router.get('/orders/latest', async (req, res) => {
  res.json(await services.orders.latest(res.locals.user.sub));
});

export default router;
