import { Router, type Response } from 'express';
import type { Request as JWTRequest } from 'express-jwt';
import { accountService } from '@app/container';
import { ValidationError } from '@app/services/AccountService';

// Behind the app-wide express-jwt (server.ts): req.auth holds the verified claims.
export const accountRouter = Router();

accountRouter.get('/profile', async (req: JWTRequest, res: Response) => {
  const profile = await accountService.profile(req.auth!.sub!);
  res.json(profile ?? { userId: req.auth!.sub });
});

// The settings screen sends only the fields the user touched.
accountRouter.patch('/profile', async (req: JWTRequest, res: Response) => {
  try {
    await accountService.updateProfile(req.auth!.sub!, req.body ?? {});
    return res.status(204).end();
  } catch (err) {
    if (err instanceof ValidationError) return res.status(400).json({ error: err.message });
    throw err;
  }
});
