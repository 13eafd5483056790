// Express 4 does not catch a rejected promise; handlers are wrapped to pass it to next().
module.exports = (fn) => (req, res, next) => fn(req, res, next).catch(next);
