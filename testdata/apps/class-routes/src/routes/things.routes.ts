import { Router } from 'express';
import { requireAuth } from '../middleware/requireAuth';
import ThingsController from '../controllers/things.controller';

export default class ThingRoutes {
  public path = '/things';
  public router = Router();
  private controller = new ThingsController();

  constructor() {
    this.initializeRoutes();
  }

  private initializeRoutes() {
    // ok: express/unauthenticated-data-route
    this.router.patch(`${this.path}/:id`, requireAuth, this.controller.update);
    // expect: express/unauthenticated-data-route
    this.router.get(`${this.path}/:id`, this.controller.show);
  }
}
