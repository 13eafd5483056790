// A project that imports no JWT library at all: the token is taken apart by hand. The prefilter
// must still parse this file (it imports nothing the rules know), and the analysis must see the
// decode.

function bearer(req) {
  return (req.headers.authorization || '').replace(/^Bearer /, '');
}

module.exports.identify = function identify(req, res, next) {
  const token = bearer(req);
  // expect: jwt/decode-without-verify
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64').toString('utf8'));
  req.user = claims;
  next();
};

module.exports.locals = (req, res, next) => {
  const raw = req.get('authorization').slice(7);
  // expect: jwt/decode-without-verify
  res.locals.claims = JSON.parse(atob(raw.split(".")[1]));
  return next();
};

module.exports.traceOnly = (req, res, next) => {
  const token = bearer(req);
  // ok: jwt/decode-without-verify
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64').toString());
  console.log('request from', claims.sub);
  next();
};

module.exports.minorVersion = (version) => Number(version.split('.')[1]);
