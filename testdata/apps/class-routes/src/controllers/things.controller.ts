import { NextFunction, Request, Response } from 'express';
import ThingsService from '../services/things.service';

export default class ThingsController {
  private service = new ThingsService();

  public update = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const changes = req.body;
      const owner = (req as any).auth.sub;
      res.json(await this.service.update(req.params.id, changes, owner));
    } catch (error) {
      next(error);
    }
  };

  public show = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.json(await this.service.find(req.params.id));
    } catch (error) {
      next(error);
    }
  };
}
