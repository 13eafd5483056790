// Session and housekeeping middlewares authenticate nobody, whatever they are called: a
// request without a session goes straight through to the handler.
const express = require('express');
const session = require('express-session');
const passport = require('passport');
const guard = require('cors');
const AWS = require('aws-sdk');

const docs = new AWS.DynamoDB.DocumentClient();
const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use(passport.initialize());
app.use(passport.session());

// expect: express/unauthenticated-data-route
app.put('/profiles/:email', async (req, res) => {
  await docs.put({ TableName: 'Profiles', Item: { email: req.params.email, bio: String(req.body.bio) } }).promise();
  res.status(204).end();
});

// expect: express/unauthenticated-data-route
app.post('/notes/:email', guard(), async (req, res) => {
  await docs.put({ TableName: 'Notes', Item: { email: req.params.email, text: String(req.body.text) } }).promise();
  res.status(201).end();
});

// ok: express/unauthenticated-data-route
app.delete('/profiles/:email', passport.authenticate('jwt', { session: false }), async (req, res) => {
  // expect: ddb/key-from-request
  await docs.delete({ TableName: 'Profiles', Key: { email: req.params.email } }).promise();
  res.status(204).end();
});

module.exports = app;
