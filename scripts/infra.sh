#!/usr/bin/env bash
# Installs (apt-get, as root) and starts the real components the tests and the demo use,
# on private sockets under .run/ so nothing global is touched:
#   dockerd  -> .run/docker/docker.sock          (exported as DOCKER_HOST)
#   podman   -> .run/podman/podman.sock          (exported as ZUUL_TS_PODMAN_HOST)
# Registries are not started here: every test suite starts its own. openssh-server is installed
# for the remote-node tests, which start their own sshd instances on loopback.
# Usage: scripts/infra.sh start|stop|status|env|start-docker NAME|stop-docker NAME
#        |start-podman NAME|stop-podman NAME   (private engines, e.g. a test node's, under $RUN/NAME)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${ZUUL_TS_RUN:-$ROOT/.run}"
PKGS=(curl docker.io docker-registry podman busybox-static skopeo openssl apache2-utils uidmap ansible-core bubblewrap openssh-server)
BINS=(curl dockerd docker-registry podman busybox skopeo openssl htpasswd ansible-playbook bwrap /usr/sbin/sshd ssh-agent)

log() { echo "infra: $*" >&2; }

install_missing() {
  local missing=0
  for b in "${BINS[@]}"; do command -v "$b" >/dev/null 2>&1 || missing=1; done
  [ "$missing" = 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing packages and not root: install ${PKGS[*]} by hand"; exit 1
  fi
  log "installing ${PKGS[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # With recommends: podman needs them for RUN steps (netavark, containernetworking-plugins,
  # slirp4netns, buildah), and this is the set every test here is run against.
  apt-get install -y -qq "${PKGS[@]}" fuse-overlayfs >/dev/null
}

socket_alive() { curl -sf --max-time 3 --unix-socket "$1" http://d/_ping >/dev/null 2>&1; }

wait_socket() {
  local sock=$1 what=$2 logf=$3
  for _ in $(seq 1 150); do
    socket_alive "$sock" && return 0
    sleep 0.2
  done
  log "$what did not come up; last log lines:"; tail -n 20 "$logf" >&2 || true
  exit 1
}

# start_docker NAME: one private dockerd (own data-root, exec-root, pidfile, socket, no bridge)
start_docker() {
  local name=$1 dir="$RUN/$1"
  local sock="$dir/docker.sock"
  mkdir -p "$dir"
  if socket_alive "$sock"; then return 0; fi
  log "starting dockerd on $sock"
  rm -f "$sock" "$dir/docker.pid"
  # Short exec-root: containerd's socket paths must stay under 108 bytes.
  local exec_root="/run/zuul-ts-$(echo "$dir" | md5sum | cut -c1-8)"
  setsid dockerd --host "unix://$sock" --data-root "$dir/data" --exec-root "$exec_root" \
    --pidfile "$dir/docker.pid" --bridge=none --iptables=false --ip6tables=false \
    --ip-masq=false --userland-proxy=false >"$dir/dockerd.log" 2>&1 </dev/null &
  wait_socket "$sock" "dockerd ($name)" "$dir/dockerd.log"
}

# stop_pidfile FILE: stop the process whose pid FILE holds (up to 10 s), remove FILE
stop_pidfile() {
  if [ -f "$1" ]; then
    local pid; pid=$(cat "$1")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$1"
  fi
}

stop_docker() { stop_pidfile "$RUN/$1/docker.pid"; }

# podman_args DIR: storage, runroot (podman refuses a runroot longer than 50 characters: keep
# $RUN short for private instances) and its own tmpdir (lock files) under DIR.
podman_args() {
  local extra=""
  [ "$1" != "$RUN/podman" ] && extra="--tmpdir $1/tmp"
  echo --root "$1/root" --runroot "$1/runroot" --cgroup-manager=cgroupfs --events-backend=file $extra
}

# start_podman NAME: one podman system service on $RUN/NAME/podman.sock
start_podman() {
  local dir="$RUN/$1"
  local sock="$dir/podman.sock"
  mkdir -p "$dir"
  if socket_alive "$sock"; then return 0; fi
  log "starting podman system service on $sock"
  rm -f "$sock"
  # shellcheck disable=SC2046
  setsid podman $(podman_args "$dir") system service --time=0 "unix://$sock" \
    >"$dir/podman.log" 2>&1 </dev/null &
  echo $! >"$dir/podman.pid"
  wait_socket "$sock" "podman ($1)" "$dir/podman.log"
}

stop_podman() {
  stop_pidfile "$RUN/$1/podman.pid"
  # podman's overlay storage driver leaves its root mounted after the service stops: unmount
  # it, so the run folder (and a clone holding it) can be removed.
  local m
  for m in $(awk -v d="$RUN/$1/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}

write_env() {
  cat >"$RUN/env" <<ENV
export DOCKER_HOST=unix://$RUN/docker/docker.sock
export ZUUL_TS_PODMAN_HOST=unix://$RUN/podman/podman.sock
export ZUUL_TS_RUN=$RUN
ENV
}

case "${1:-}" in
  start)
    install_missing
    mkdir -p "$RUN"
    start_docker docker
    start_podman podman
    write_env
    log "ready: $(cat "$RUN/env" | tr '\n' ' ')"
    ;;
  stop)
    stop_podman podman
    # Every dockerd started here (the shared one and the private ones tests start by name).
    for p in "$RUN"/*/docker.pid; do [ -f "$p" ] && stop_docker "$(basename "$(dirname "$p")")"; done
    pkill -f "docker-registry serve $RUN" 2>/dev/null || true
    ;;
  status)
    for s in "$RUN"/docker*/docker.sock "$RUN/podman/podman.sock"; do
      if socket_alive "$s"; then echo "up   $s"; else echo "down $s"; fi
    done
    ;;
  env) write_env; cat "$RUN/env" ;;
  start-docker) install_missing; start_docker "${2:?name}"; echo "unix://$RUN/$2/docker.sock" ;;
  stop-docker) stop_docker "${2:?name}" ;;
  start-podman) install_missing; start_podman "${2:?name}"; echo "unix://$RUN/$2/podman.sock" ;;
  stop-podman) stop_podman "${2:?name}" ;;
  *) echo "usage: $0 start|stop|status|env|start-docker NAME|stop-docker NAME|start-podman NAME|stop-podman NAME" >&2; exit 2 ;;
esac
