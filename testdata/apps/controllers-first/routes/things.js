const express = require('express');
const { expressjwt } = require('express-jwt');
const things = require('../controllers/things');

const requireAuth = expressjwt({
  secret: process.env.JWT_PUBLIC_KEY,
  algorithms: ['RS256'],
  audience: 'things-api',
  issuer: 'https://id.example.com/',
});

const router = express.Router();

// expect: express/unauthenticated-data-route
router.delete('/things/:id', things.remove);
// ok: express/unauthenticated-data-route
router.get('/me/things/:id', requireAuth, things.show);
// expect: express/unauthenticated-data-route
router.get('/shared/things/:id', things.show);
// ok: express/unauthenticated-data-route
router.get('/me/owned/:id', requireAuth, things.mine);

module.exports = router;
