'use strict';

const express = require('express');
const { GetCommand } = require('@aws-sdk/lib-dynamodb');
const { ddb, NOTES_TABLE } = require('./db');
const { requireAuth } = require('./middleware/auth');
const authRoutes = require('./routes/auth');
const notesRoutes = require('./routes/notes');
const { adminRouter } = require('./routes/admin');
const notes = require('./services/noteService');

const app = express();
app.use(express.json({ limit: '100kb' }));

// ok: express/unauthenticated-data-route
app.get('/health', async (req, res) => {
  await ddb.send(new GetCommand({ TableName: NOTES_TABLE, Key: { noteId: 'healthcheck' } }));
  res.json({ status: 'ok' });
});

// Public by design: /auth/login, /auth/refresh, /auth/logout.
app.use('/auth', authRoutes);

// Staff tools check their own tokens (see routes/admin.ts).
app.use('/admin', adminRouter);

// Used by the one-off script that migrates notes from the old service; it has no user token.
// expect: express/unauthenticated-data-route
app.post('/import/notes', async (req, res) => {
  const note = await notes.createNote(req.body.ownerId, req.body);
  res.status(201).json(note);
});

// Everything below needs a signed-in user.
app.use(requireAuth);
app.use('/notes', notesRoutes);

app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, () => console.log(`notes API listening on port ${port}`));
}

module.exports = app;
