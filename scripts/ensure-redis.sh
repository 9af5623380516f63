#!/usr/bin/env bash
# Makes a Redis answer at the given URL, for the tests that run gateways with Redis.
#
#   scripts/ensure-redis.sh [REDIS_URL]
#
# Idempotent: exits at once when `redis-cli -u URL ping` answers. Otherwise it starts a local
# redis-server on the URL's port, without persistence (tests need none), installing Debian's
# `redis-server` package first (as root) only when the binary is missing.
set -euo pipefail

REDIS_URL="${1:-${VITRINE_TEST_REDIS_URL:-redis://127.0.0.1:6379}}"

log() { echo "ensure-redis: $*" >&2; }
die() { log "error: $*"; exit 1; }

answers() { command -v redis-cli >/dev/null && [ "$(redis-cli -u "$REDIS_URL" ping 2>/dev/null)" = "PONG" ]; }

if answers; then
  log "Redis already answers at $REDIS_URL"
  exit 0
fi

# Only a Redis on this machine can be started from here.
hostport="${REDIS_URL#*://}"
hostport="${hostport#*@}"
hostport="${hostport%%/*}"
host="${hostport%:*}"
port="${hostport##*:}"
[ "$port" = "$hostport" ] && port=6379
case "$host" in
  127.0.0.1 | localhost) ;;
  *) die "nothing answers at $REDIS_URL, and $host is not this machine; start Redis there" ;;
esac

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  [ "$(id -u)" = 0 ] || die "redis-server is missing; run this script as root (or apt-get install redis-server) to install it"
  command -v apt-get >/dev/null || die "redis-server is missing and this is not a Debian-like system; install Redis 6 or later"
  # Fresh containers ship without package lists.
  if ! apt-cache show redis-server >/dev/null 2>&1; then
    log "apt-get update"
    apt-get update -q
  fi
  log "apt-get install redis-server"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server redis-tools
fi

log "starting redis-server on port $port (no persistence)"
redis-server --daemonize yes --save '' --appendonly no --bind 127.0.0.1 --port "$port"
for _ in $(seq 1 30); do answers && break; sleep 0.2; done
answers || die "redis-server was started but $REDIS_URL does not answer"
log "$(redis-server --version | cut -d' ' -f1-3) answers at $REDIS_URL"
