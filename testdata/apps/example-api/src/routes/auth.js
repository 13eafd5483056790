'use strict';

const crypto = require('crypto');
const express = require('express');
const jwt = require('jsonwebtoken');
const { GetCommand, QueryCommand, UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { ddb, USERS_TABLE } = require('../db');
const { bearerToken, signAccessToken } = require('../middleware/auth');

const REFRESH_SECRET = process.env.REFRESH_SECRET;

const router = express.Router();

// Stored as "salt:hash", both hex, hash from scrypt with a 64-byte output.
function passwordMatches(password, stored) {
  const [salt, hash] = String(stored).split(':');
  const candidate = crypto.scryptSync(String(password), salt, 64);
  return crypto.timingSafeEqual(candidate, Buffer.from(hash, 'hex'));
}

// ok: express/unauthenticated-data-route
router.post('/login', async (req, res) => {
  const { email, password } = req.body;
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: USERS_TABLE,
    IndexName: 'byEmail',
    KeyConditionExpression: 'email = :email',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':email': String(email).toLowerCase() },
  }));
  const user = Items[0];
  if (!user || !passwordMatches(password, user.passwordHash)) {
    return res.status(401).json({ error: 'wrong email or password' });
  }
  // expect: jwt/sign-without-expiry
  const refreshToken = jwt.sign({ sub: user.userId, ver: user.tokenVersion }, REFRESH_SECRET);
  res.json({ accessToken: signAccessToken(user), refreshToken });
});

router.post('/refresh', async (req, res) => {
  let claims;
  try {
    // expect: jwt/missing-algorithms, jwt/missing-audience, jwt/missing-issuer
    claims = jwt.verify(req.body.refreshToken, REFRESH_SECRET);
  } catch {
    return res.status(401).json({ error: 'invalid refresh token' });
  }
  const { Item: user } = await ddb.send(new GetCommand({
    TableName: USERS_TABLE,
    // ok: ddb/key-from-request
    Key: { userId: claims.sub },
  }));
  if (!user || user.tokenVersion !== claims.ver) {
    return res.status(401).json({ error: 'session ended' });
  }
  res.json({ accessToken: signAccessToken(user) });
});

// Signs the user out everywhere by bumping tokenVersion, which ends every refresh token.
// The access token may already have expired, so it is only decoded here.
// ok: express/unauthenticated-data-route
router.post('/logout', async (req, res) => {
  // expect: jwt/decode-without-verify
  const claims = jwt.decode(bearerToken(req));
  if (!claims?.sub) return res.status(401).json({ error: 'missing token' });
  await ddb.send(new UpdateCommand({
    TableName: USERS_TABLE,
    // expect: ddb/key-from-unverified-token
    Key: { userId: claims.sub },
    UpdateExpression: 'ADD tokenVersion :one',
    ExpressionAttributeValues: { ':one': 1 },
  }));
  res.status(204).end();
});

module.exports = router;
