#!/usr/bin/env bash
# A ClickHouse-HTTP-compatible server over embedded chDB (packages/chdb-server), so several
# processes on this machine can share one store through CLICKHOUSE_URL. No Docker, no
# ClickHouse server binary. Pid, port and log live under $ONEGRID_STATE_DIR/chdb-server.
#
#   chdb-server.sh start [--port 8123] [--host 127.0.0.1] [--path DIR]
#                                   start (idempotent), return once /ping answers
#   chdb-server.sh stop             SIGTERM (the statement in flight finishes), SIGKILL after a deadline
#   chdb-server.sh kill             SIGKILL, as a crash would (fault drills)
#   chdb-server.sh status           pid + answering; exit 0 when up, 3 when not
#   chdb-server.sh url              the CLICKHOUSE_URL of the running server, with its token
#
# Every query needs the server's token (docs/security.md): ONEGRID_CHDB_SERVER_TOKEN, else one
# made at the first start and kept in $STATE_DIR/token (mode 0600); `url` puts it in the URL
# as the password (http://default:<token>@127.0.0.1:8123), which @clickhouse/client sends.
#
# Data folder: --path, else $ONEGRID_CHDB_PATH, else .onegrid/chdb (the embedded store's
# default; only one process may hold it, so stop any embedded user of it first).
set -euo pipefail

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
readonly STATE_DIR="${ONEGRID_STATE_DIR:-$REPO_ROOT/.onegrid}/chdb-server"
readonly PID_FILE="$STATE_DIR/chdb-server.pid"
readonly ADDR_FILE="$STATE_DIR/chdb-server.addr"
readonly LOG_FILE="$STATE_DIR/chdb-server.log"
readonly TOKEN_FILE="$STATE_DIR/token"
readonly MAIN="$REPO_ROOT/packages/chdb-server/src/main.ts"
readonly START_TIMEOUT_S="${ONEGRID_CHDB_SERVER_START_TIMEOUT_S:-60}"
readonly STOP_TIMEOUT_S="${ONEGRID_CHDB_SERVER_STOP_TIMEOUT_S:-30}"

log() { printf '[chdb-server] %s\n' "$*"; }
err() { printf '[chdb-server] ERROR: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

# The pid of our server if it is alive (the pid file may be stale, or its number reused).
running_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "chdb-server/src/main.ts" || return 1
  echo "$pid"
}

# /ping answers without the token, as ClickHouse's does; queries need it.
address_url() { [[ -f $ADDR_FILE ]] && echo "http://$(cat "$ADDR_FILE")"; }
server_url() {
  [[ -f $ADDR_FILE ]] || return 1
  local token="${ONEGRID_CHDB_SERVER_TOKEN:-}"
  [[ -n $token ]] || token="$(cat "$TOKEN_FILE" 2>/dev/null)" || return 1
  echo "http://default:$token@$(cat "$ADDR_FILE")"
}

# The token the server requires: ONEGRID_CHDB_SERVER_TOKEN, else the kept one, else a new one.
server_token() {
  if [[ -n ${ONEGRID_CHDB_SERVER_TOKEN:-} ]]; then echo "$ONEGRID_CHDB_SERVER_TOKEN"; return; fi
  if [[ ! -s $TOKEN_FILE ]]; then
    (umask 077 && node -e 'console.log(require("node:crypto").randomBytes(24).toString("base64url"))' >"$TOKEN_FILE")
  fi
  chmod 600 "$TOKEN_FILE"
  cat "$TOKEN_FILE"
}

answering() {
  local url
  url="$(address_url)" || return 1
  [[ "$(curl -fsS --max-time 2 "$url/ping" 2>/dev/null)" == "Ok." ]]
}

cmd_start() {
  local host="${ONEGRID_CHDB_SERVER_HOST:-127.0.0.1}" port="${ONEGRID_CHDB_SERVER_PORT:-8123}"
  local path="${ONEGRID_CHDB_PATH:-$REPO_ROOT/.onegrid/chdb}"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --port) port="${2:?--port needs a value}"; shift 2 ;;
      --host) host="${2:?--host needs a value}"; shift 2 ;;
      --path) path="${2:?--path needs a value}"; shift 2 ;;
      *) die "unknown option for start: $1" ;;
    esac
  done
  local pid
  if pid="$(running_pid)"; then
    log "already running: pid $pid at $(address_url)"
    return 0
  fi
  # shellcheck source=../toolchain/env.sh
  source "$REPO_ROOT/infra/toolchain/env.sh"
  mkdir -p "$STATE_DIR" "$path"
  echo "$host:$port" >"$ADDR_FILE"
  local token
  token="$(server_token)"
  ONEGRID_CHDB_PATH="$path" ONEGRID_CHDB_SERVER_HOST="$host" ONEGRID_CHDB_SERVER_PORT="$port" \
    ONEGRID_CHDB_SERVER_TOKEN="$token" nohup node "$MAIN" >>"$LOG_FILE" 2>&1 </dev/null 9>&- &
  echo $! >"$PID_FILE"
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until answering; do
    if ! running_pid >/dev/null; then
      rm -f "$PID_FILE"
      tail -n 20 "$LOG_FILE" >&2
      die "exited while starting (log: $LOG_FILE)"
    fi
    ((SECONDS < deadline)) || die "not answering after ${START_TIMEOUT_S}s (log: $LOG_FILE)"
    sleep 0.2
  done
  log "started: pid $(cat "$PID_FILE") at $(address_url), data in $path"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT_S))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      err "pid $pid did not stop within ${STOP_TIMEOUT_S}s: killed"
      break
    fi
    sleep 0.1
  done
  rm -f "$PID_FILE"
  log "stopped pid $pid"
}

cmd_kill() {
  local pid
  if pid="$(running_pid)"; then
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    log "killed pid $pid (SIGKILL)"
  else
    log "not running"
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if answering; then
      log "up: pid $pid at $(address_url)"
      return 0
    fi
    log "pid $pid alive but not answering at $(address_url)"
    return 3
  fi
  log "down"
  return 3
}

main() {
  local command="${1:-}"
  shift || true
  case "$command" in
    start | stop | kill)
      # One start/stop at a time: two starts must not both launch a server.
      mkdir -p "$STATE_DIR"
      exec 9>"$STATE_DIR/.lock"
      flock 9
      ;;
  esac
  case "$command" in
    start) cmd_start "$@" ;;
    stop) cmd_stop ;;
    kill) cmd_kill ;;
    status) cmd_status ;;
    url) running_pid >/dev/null && server_url || die "not running" ;;
    *) die "usage: chdb-server.sh start [--port 8123] [--host H] [--path DIR] | stop | kill | status | url" ;;
  esac
}

main "$@"
