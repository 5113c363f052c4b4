#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on the addresses tierwatch uses (DATABASE_URL, REDIS_URL or
# the local defaults). Starts the local Debian services when they are installed but stopped;
# otherwise says exactly what to install or run.
set -euo pipefail

pg_host=127.0.0.1; pg_port=5432; redis_host=127.0.0.1; redis_port=6379
if [ -n "${DATABASE_URL:-}" ]; then
  hp=$(printf '%s' "$DATABASE_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^:/?]+)(:([0-9]+))?.*#\2 \4#')
  pg_host=${hp%% *}; p=${hp#* }; [ -n "$p" ] && pg_port=$p
fi
if [ -n "${REDIS_URL:-}" ]; then
  hp=$(printf '%s' "$REDIS_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^:/?]+)(:([0-9]+))?.*#\2 \4#')
  redis_host=${hp%% *}; p=${hp#* }; [ -n "$p" ] && redis_port=$p
fi

pg_up() { if command -v pg_isready >/dev/null; then pg_isready -q -h "$pg_host" -p "$pg_port"; else (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; fi; }
redis_up() { if command -v redis-cli >/dev/null; then [ "$(redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null)" = PONG ]; else (exec 3<>"/dev/tcp/$redis_host/$redis_port") 2>/dev/null; fi; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }
wait_for() { for _ in $(seq 1 30); do "$1" && return 0; sleep 1; done; return 1; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "PostgreSQL is not answering on $pg_host:$pg_port; starting the local cluster"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  if ! wait_for pg_up; then
    cat >&2 <<MSG
PostgreSQL is not reachable on $pg_host:$pg_port.
  Installed but stopped:  sudo pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start
  Not installed (Debian):  sudo apt-get update && sudo apt-get install -y postgresql
  Elsewhere: set DATABASE_URL=postgres://user@host:port/tierwatch (the role must be able to create databases)
MSG
    exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "Redis is not answering on $redis_host:$redis_port; starting a local server"
    mkdir -p /tmp/tierwatch-redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$redis_port" --save "" --appendonly no \
      --dir /tmp/tierwatch-redis --logfile /tmp/tierwatch-redis/redis.log || \
      redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
        --dir /tmp/tierwatch-redis --logfile /tmp/tierwatch-redis/redis.log || true
  fi
  if ! wait_for redis_up; then
    cat >&2 <<MSG
Redis is not reachable on $redis_host:$redis_port.
  Installed but stopped:  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  Not installed (Debian):  sudo apt-get update && sudo apt-get install -y redis-server
  Elsewhere: set REDIS_URL=redis://host:port
MSG
    exit 1
  fi
fi

# The application database (the tests make their own).
if [ -z "${DATABASE_URL:-}" ] && command -v psql >/dev/null; then
  psql -h "$pg_host" -p "$pg_port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'tierwatch'" | grep -q 1 ||
    psql -h "$pg_host" -p "$pg_port" -U postgres -d postgres -qc "CREATE DATABASE tierwatch" >/dev/null
fi
echo "services: PostgreSQL $pg_host:$pg_port and Redis $redis_host:$redis_port are up"
