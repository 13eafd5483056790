import { Request, Response } from 'express';
import ThingsRepository from '../repositories/things.repository';

export default class SessionController {
  private repo = new ThingsRepository();

  public login = async (req: Request, res: Response): Promise<void> => {
    const account = await this.repo.account(String(req.body.email));
    res.json({ known: Boolean(account) });
  };
}
