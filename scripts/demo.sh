#!/usr/bin/env bash
# zuul-ts demo: runs promotion flow 1 (via tags) and flow 2 (via the intermediate registry) on
# examples/sample-project through the real CLI (`npx zuul-ts run-pipeline ...`), printing where
# every image is after each step. `--cleanup` stops what the demo started and removes its state.
# State: $ZUUL_TS_DEMO_DIR (default /tmp/zuul-ts-demo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
STATE=${ZUUL_TS_DEMO_DIR:-/tmp/zuul-ts-demo}
FINAL_HOST=127.10.10.10

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cleanup() {
  if [ -f "$STATE/registries.json" ]; then
    pid=$(node -e 'console.log(require(process.argv[1]).pid)' "$STATE/registries.json")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  # A buildset registry left by an interrupted flow 2 (normally its job's post-run stops it).
  if [ -d "$STATE/buildset_registry" ] && [ -x node_modules/.bin/zuul-ts ]; then
    npx --no-install zuul-ts role stop-buildset-registry \
      -e "buildset_registry_root=$STATE/buildset_registry" >/dev/null 2>&1 || true
  fi
  if [ -S "$ROOT/.run/docker/docker.sock" ]; then
    # shellcheck disable=SC1091
    . .run/env
    docker_ids=$(curl -s --unix-socket "$ROOT/.run/docker/docker.sock" http://d/images/json |
      node -e '
        let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
          for (const i of JSON.parse(s || "[]"))
            if ((i.RepoTags || []).some((t) => t.includes(process.argv[1] + "/demo-")))
              console.log(i.Id);
        });' "$FINAL_HOST")
    for id in $docker_ids; do
      curl -s -X DELETE --unix-socket "$ROOT/.run/docker/docker.sock" \
        "http://d/images/$id?force=1" >/dev/null || true
    done
  fi
  if [ -f "$STATE/started-infra" ]; then
    bash scripts/infra.sh stop >/dev/null 2>&1 || true
    # podman's storage overlay mount outlives its service: unmount what is under .run/.
    awk -v p="$ROOT/.run/" 'index($2, p) == 1 {print $2}' /proc/mounts | sort -r |
      while read -r m; do umount "$m" 2>/dev/null || true; done
  fi
  rm -rf "$STATE"
  echo "demo: cleaned up ($STATE removed, demo images deleted)"
}

if [ "${1:-}" = "--cleanup" ]; then
  cleanup
  exit 0
fi

start=$(date +%s)
say "setting up (infra, node modules, build)"
mkdir -p "$STATE"
# (status captured first: `| grep -q` under pipefail fails with SIGPIPE when grep exits early)
infra_status=$(bash scripts/infra.sh status 2>/dev/null || true)
if ! grep -q '^up .*/\.run/docker/docker\.sock$' <<<"$infra_status"; then
  touch "$STATE/started-infra"
fi
bash scripts/infra.sh start >"$STATE/infra.log" 2>&1 || { cat "$STATE/infra.log"; exit 1; }
# shellcheck disable=SC1091
. .run/env
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build

# Registries (final + intermediate) in the background until --cleanup.
if [ -f "$STATE/registries.json" ]; then
  pid=$(node -e 'console.log(require(process.argv[1]).pid)' "$STATE/registries.json")
  kill -0 "$pid" 2>/dev/null || rm -f "$STATE/registries.json"
fi
if [ ! -f "$STATE/registries.json" ]; then
  nohup node scripts/demo/registries.js "$STATE" >"$STATE/registries.log" 2>&1 &
  reg_pid=$!
  # registries.json appears only once a TLS request through 127.10.10.10:443 has been answered.
  for _ in $(seq 150); do
    [ -f "$STATE/registries.json" ] && break
    kill -0 "$reg_pid" 2>/dev/null || break
    sleep 0.2
  done
  [ -f "$STATE/registries.json" ] || {
    cat "$STATE/registries.log"
    kill "$reg_pid" 2>/dev/null || true
    exit 1
  }
fi

flows_start=$(date +%s)
# A copy of the sample project with busybox and generated files (the repo stays clean).
rm -rf "$STATE/project"
cp -r examples/sample-project "$STATE/project"
bash examples/prepare-sample.sh "$STATE/project" "$(date +%s%N)"

step() { # step FLOW-NAMESPACE PROJECT PIPELINE ARGS...
  local ns=$1 project=$2 pipeline=$3
  shift 3
  say "$project: $pipeline $*"
  if ! npx --no-install zuul-ts run-pipeline "$pipeline" --project "$project" \
    --project-dir "$STATE/project" --site-config examples/site-config/zuul.d \
    --state-dir "$STATE/state" --secrets "$STATE/secrets.yaml" \
    -e "@$STATE/site-vars.yaml" -e "sample_namespace=$ns" "$@" 2>"$STATE/last-step.log"; then
    tail -n 30 "$STATE/last-step.log"
    echo "demo: step failed (full log: $STATE/last-step.log)"
    exit 1
  fi
  node scripts/demo/show.js "$STATE" "$ns"
}

say "flow 1: promotion via tags (check -> gate -> promote), change 1001"
step demo-tags sample/tags check --change 1001 --patchset 1
step demo-tags sample/tags gate --change 1001 --patchset 1
step demo-tags sample/tags promote --change 1001 --patchset 1

say "flow 2: promotion via the intermediate registry (check -> gate -> promote), change 1002"
step demo-ir sample/intermediate check --change 1002 --patchset 1
step demo-ir sample/intermediate gate --change 1002 --patchset 1
step demo-ir sample/intermediate promote --change 1002 --patchset 1

say "summary"
echo "  flow 1: gate pushed change_1001_* to $FINAL_HOST; promote retagged them to the final tags and deleted the change tags"
echo "  flow 2: check/gate copied <build>_<tag> to the intermediate registry; promote copied the gate build's artifacts to $FINAL_HOST (no change tag ever there)"
echo "  build records: $STATE/state/builds.jsonl (serve them: npx zuul-ts serve-builds --state-dir $STATE/state)"
echo "  took $(( $(date +%s) - start )) s (setup $(( flows_start - start )) s, flows $(( $(date +%s) - flows_start )) s); remove everything with: bash scripts/demo.sh --cleanup"
