'use strict';

// Authorisation after passport: req.user is the user record the JWT strategy loaded.
module.exports = function requireRole(...allowed) {
  return function checkRole(req, res, next) {
    const roles = (req.user && req.user.roles) || [];
    if (!allowed.some((role) => roles.includes(role))) {
      return res.status(403).json({ error: 'insufficient role' });
    }
    return next();
  };
};
