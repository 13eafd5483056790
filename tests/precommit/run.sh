#!/usr/bin/env bash
# End-to-end test of the pre-commit hook with the real pre-commit framework: a throwaway git
# repository with a vulnerable staged file must fail the hook and name the finding; a clean
# one must pass. `pre-commit try-repo` builds the hook from this checkout (language: rust).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)

if ! python3 -m pre_commit --version >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check pre-commit==4.0.1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${CLAIMCHECK_PRE_COMMIT_HOME:-${TMPDIR:-/tmp}/claimcheck-pre-commit-home}"

new_repo() {
  rm -rf "$work/app" && mkdir -p "$work/app/src" && cd "$work/app"
  git init -q . && git config user.email ci@example.com && git config user.name ci
  printf '{ "name": "app", "private": true }\n' > package.json
}

# A vulnerable staged file: the hook fails and names the rule.
new_repo
cat > src/auth.js <<'JS'
const jwt = require('jsonwebtoken');
module.exports = function requireAuth(req, res, next) {
  try {
    req.user = jwt.verify(req.get('authorization'), process.env.JWT_PUBLIC_KEY);
    return next();
  } catch (err) {
    return res.status(401).end();
  }
};
JS
git add -A
if python3 -m pre_commit try-repo "$repo" claimcheck --verbose >"$work/bad.log" 2>&1; then
  echo "pre-commit hook passed on a vulnerable file:"; cat "$work/bad.log"; exit 1
fi
grep -q "jwt/missing-algorithms" "$work/bad.log" || { echo "the hook output does not name the finding:"; cat "$work/bad.log"; exit 1; }
echo "pre-commit: a vulnerable staged file fails the hook"

# A clean staged file: the hook passes.
new_repo
cat > src/auth.js <<'JS'
const jwt = require('jsonwebtoken');
const OPTIONS = { algorithms: ['RS256'], audience: 'api', issuer: 'https://idp.example.com/' };
module.exports = function requireAuth(req, res, next) {
  try {
    req.user = jwt.verify(req.get('authorization'), process.env.JWT_PUBLIC_KEY, OPTIONS);
    return next();
  } catch (err) {
    return res.status(401).end();
  }
};
JS
git add -A
if ! python3 -m pre_commit try-repo "$repo" claimcheck --verbose >"$work/good.log" 2>&1; then
  echo "pre-commit hook failed on a clean file:"; cat "$work/good.log"; exit 1
fi
echo "pre-commit: a clean staged file passes the hook"
