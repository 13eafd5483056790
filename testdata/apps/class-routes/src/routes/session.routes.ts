import { Router } from 'express';
import SessionController from '../controllers/session.controller';

export default class SessionRoutes {
  public path = '/auth';
  public router = Router();
  private controller = new SessionController();

  constructor() {
    this.initializeRoutes();
  }

  private initializeRoutes() {
    // ok: express/unauthenticated-data-route
    this.router.post(`${this.path}/login`, this.controller.login);
  }
}
