// Routes registered by classes: a router class's constructor calls initializeRoutes(), which
// installs controller methods (class fields) whose services and repositories do the work.
// The set-up calls must not use up the handlers' own call depth, and `${this.path}` is a path.
import express from 'express';
import ThingRoutes from './routes/things.routes';
import SessionRoutes from './routes/session.routes';

const app = express();
app.use(express.json());

const routes = [new ThingRoutes(), new SessionRoutes()];
for (const r of routes) {
  app.use('/api', r.router);
}

export default app;
