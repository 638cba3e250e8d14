#!/usr/bin/env bash
# Makes examples/sample-project buildable: copies the static busybox into each image context
# and writes generated files (a version stamp; NONCE makes every run's digests unique).
# usage: examples/prepare-sample.sh [PROJECT_DIR] [NONCE]
set -euo pipefail
dir=${1:-"$(dirname "${BASH_SOURCE[0]}")/sample-project"}
nonce=${2:-$(date +%s)}
for img in "$dir"/images/*/; do
  cp /bin/busybox "$img/busybox"
  mkdir -p "$img/generated"
  printf 'sample %s %s\n' "$(basename "$img")" "$nonce" > "$img/generated/version.txt"
done
