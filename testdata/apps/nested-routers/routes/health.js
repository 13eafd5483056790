'use strict';

const db = require('../lib/db');
const { optionalAuth, protect } = require('../middleware/auth');

// Probe and status endpoints, registered straight on the app by app.js before anything else:
// `require('./routes/health')(app)`. Nothing authenticates in front of them.
module.exports = function mount(app) {
  // ok: express/unauthenticated-data-route
  app.get('/health', async (req, res) => {
    await db.ping();
    res.json({ ok: true });
  });

  app.get('/status', optionalAuth, (req, res) => {
    res.json({ ok: true, signedInAs: req.user ? req.user.id : null });
  });

  // Export/import jobs: the web app polls the job it started, and may cancel it. "Job ids are
  // unguessable" was the reason given for leaving the token check out. The keys are request
  // input, but no caller identity exists on these routes (the ddb/key-from-request decision for
  // routes with no authentication in front): the missing authentication is the finding, once
  // per method of the chain.
  // expect: express/unauthenticated-data-route, express/unauthenticated-data-route
  app.route('/status/jobs/:jobId')
    .get(async (req, res) => {
      const job = await db.getJob(req.params.jobId);
      if (!job) return res.status(404).json({ error: 'no such job' });
      return res.json({ jobId: job.jobId, state: job.state, progress: job.progress });
    })
    .delete(async (req, res) => {
      await db.cancelJob(req.params.jobId);
      res.status(204).end();
    });

  // Operators re-queue a failed job. `protect` is the [requireAuth, requireRole('admin')]
  // array: the token check and an admin-role decision, so neither rule applies.
  // ok: express/unauthenticated-data-route
  app.post('/status/jobs/:jobId/retry', protect, async (req, res) => {
    await db.retryJob(req.params.jobId);
    res.status(202).end();
  });
};
