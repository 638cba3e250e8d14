#!/usr/bin/env bash
# The README's test command: installs and starts the real infrastructure (root, apt-get),
# installs node modules, builds, checks the CLI, runs the whole jest suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/infra.sh start
# shellcheck disable=SC1091
. .run/env
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
npx --no-install zuul-ts --version
status=0
npx jest --ci --json --outputFile=.run/jest-results.json "$@" || status=$?
node -e '
const r = require("./.run/jest-results.json");
console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
