'use strict';

const express = require('express');
const passport = require('./auth/passport');
const admin = require('./routes/admin');
const billing = require('./routes/billing');
const macros = require('./routes/macros');
const tickets = require('./routes/tickets');
const webhooks = require('./routes/webhooks');

const app = express();
app.use(express.json({ limit: '256kb' }));
app.use(passport.initialize());

app.get('/health', (req, res) => res.send('ok'));

app.use('/webhook', webhooks);
app.use('/tickets', tickets);
app.use('/billing', billing);
app.use('/admin', admin);
app.use('/macros', macros);

app.use((err, req, res, next) => {
  console.error(err);
  res.status(err.status || 500).json({ error: 'internal error' });
});

if (require.main === module) {
  app.listen(Number(process.env.PORT) || 4000);
}

module.exports = app;
