'use strict';

// Must be loaded before any router: async handlers that throw or reject end up in the error
// handler below instead of an unhandled rejection.
require('express-async-errors');

const express = require('express');
const api = require('./routes/api');
const partner = require('./routes/partner');

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '100kb' }));

require('./routes/health')(app);

app.use('/api', api);
app.use('/partner', partner);

app.use((err, req, res, next) => {
  const status = err.status || 500;
  if (status >= 500) console.error(err);
  res.status(status).json({ error: status >= 500 ? 'internal error' : err.message });
});

if (require.main === module) {
  app.listen(Number(process.env.PORT) || 8080);
}

module.exports = app;
