#!/usr/bin/env bash
# Local Apache Kafka (KRaft, no ZooKeeper) for onegrid development and tests.
#
# The broker runs from plain jars that Maven fetches from Maven Central
# (see pom.xml beside this file): no Docker, no Apache download site.
# Everything it writes lives under $ONEGRID_STATE_DIR/kafka (git-ignored).
#
#   kafka.sh start [--cluster]      start (idempotent), return once answering
#   kafka.sh stop [--cluster]       graceful stop, SIGKILL after a deadline
#   kafka.sh status [--cluster]     per node: pid + answering; exit 0 / 3
#   kafka.sh reset [--cluster]      stop and delete data (keeps the jars)
#   kafka.sh bootstrap-servers [--cluster]
#   kafka.sh kill-node|stop-node|start-node N   (cluster fault tests)
#   kafka.sh fetch                  only fetch the jars
#   kafka.sh run-class CLASS ARGS   run a Kafka tool class on the fetched jars
#
# "cluster start", "cluster stop", ... are accepted as aliases of "start --cluster" etc.
set -euo pipefail

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
readonly KAFKA_VERSION="4.3.1"

# ---- settings (env overridable) ---------------------------------------------
readonly STATE_DIR="${ONEGRID_STATE_DIR:-$REPO_ROOT/.onegrid}"
readonly KAFKA_STATE="${ONEGRID_KAFKA_DIR:-$STATE_DIR/kafka}"
readonly LIB_DIR="${ONEGRID_KAFKA_LIB_DIR:-$KAFKA_STATE/lib}"
readonly HOST="${ONEGRID_KAFKA_HOST:-127.0.0.1}"
readonly SINGLE_PORT="${ONEGRID_KAFKA_PORT:-9092}"
readonly SINGLE_CONTROLLER_PORT="${ONEGRID_KAFKA_CONTROLLER_PORT:-9093}"
# Cluster node N listens on BASE+N-1 (brokers 29092-29094, controllers 29192-29194):
# different from single mode so both can run at once.
readonly CLUSTER_PORT_BASE="${ONEGRID_KAFKA_CLUSTER_PORT_BASE:-29092}"
readonly CLUSTER_CONTROLLER_PORT_BASE="${ONEGRID_KAFKA_CLUSTER_CONTROLLER_PORT_BASE:-29192}"
readonly CLUSTER_SIZE=3
readonly START_TIMEOUT_S="${ONEGRID_KAFKA_START_TIMEOUT_S:-90}"
readonly STOP_TIMEOUT_S="${ONEGRID_KAFKA_STOP_TIMEOUT_S:-30}"
readonly SINGLE_HEAP_OPTS="${ONEGRID_KAFKA_HEAP_OPTS:--Xmx768m -Xms256m}"
# Three JVMs share a 2-core dev box: keep each one smaller.
readonly CLUSTER_HEAP_OPTS="${ONEGRID_KAFKA_CLUSTER_HEAP_OPTS:--Xmx512m -Xms192m}"
readonly LOG_LEVEL="${ONEGRID_KAFKA_LOG_LEVEL:-INFO}"

# Same GC settings as Kafka's own kafka-run-class.sh.
readonly SERVER_JVM_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true"
# Tools are short-lived: C1 only and serial GC start noticeably faster on 2 cores.
readonly TOOL_JVM_OPTS="-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Djava.awt.headless=true"

MODE=single # or "cluster"; set by main from --cluster / "cluster ..."

# ---- small helpers ----------------------------------------------------------
log() { printf '[kafka] %s\n' "$*"; }
err() { printf '[kafka] ERROR: %s\n' "$*" >&2; }
warn() { printf '[kafka] WARNING: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

# The port layout and paths of node N (single mode has one node, N=1).
node_dir() {
  if [[ $MODE == single ]]; then echo "$KAFKA_STATE/single"; else echo "$KAFKA_STATE/cluster/node-$1"; fi
}
mode_dir() { if [[ $MODE == single ]]; then echo "$KAFKA_STATE/single"; else echo "$KAFKA_STATE/cluster"; fi; }
node_label() { if [[ $MODE == single ]]; then echo "single"; else echo "node-$1"; fi; }
broker_port() {
  if [[ $MODE == single ]]; then echo "$SINGLE_PORT"; else echo $((CLUSTER_PORT_BASE + $1 - 1)); fi
}
controller_port() {
  if [[ $MODE == single ]]; then echo "$SINGLE_CONTROLLER_PORT"; else echo $((CLUSTER_CONTROLLER_PORT_BASE + $1 - 1)); fi
}
all_nodes() { if [[ $MODE == single ]]; then echo 1; else seq 1 "$CLUSTER_SIZE"; fi; }
pid_file() { echo "$(node_dir "$1")/kafka.pid"; }
# "node-1, node-3" / "single" for messages.
labels() { local n out=(); for n in "$@"; do out+=("$(node_label "$n")"); done; (IFS=,; echo "${out[*]}" | sed 's/,/, /g'); }
server_log() { echo "$(node_dir "$1")/logs/server.log"; }

# Comma-separated broker addresses of the given nodes (default: all of this mode's).
bootstrap_servers() {
  local n list=() nodes=("$@")
  [[ $# -gt 0 ]] || mapfile -t nodes < <(all_nodes)
  for n in "${nodes[@]}"; do list+=("$HOST:$(broker_port "$n")"); done
  (IFS=,; echo "${list[*]}")
}

controller_bootstrap() {
  local n list=()
  for n in $(all_nodes); do list+=("$HOST:$(controller_port "$n")"); done
  (IFS=,; echo "${list[*]}")
}

# True if something accepts TCP connections on HOST:port (bash built-in, no JVM).
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

# Kafka UUIDs (cluster id, directory ids) are 16 random bytes in URL-safe
# base64 without padding; Kafka never hands out ones starting with '-'.
random_kafka_uuid() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ $id == -* ]] || { echo "$id"; return; }
  done
}

# ---- prerequisites and jars -------------------------------------------------
require_java() {
  command -v java >/dev/null || die "java not found on PATH (Kafka $KAFKA_VERSION needs Java 17+)"
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
  [[ ${major:-0} -ge 17 ]] || die "Kafka $KAFKA_VERSION needs Java 17+, found java.specification.version=${major:-unknown}"
}

# The marker records which pom.xml the jars came from, so editing the pom
# (e.g. a version bump) triggers a fresh fetch, while normal runs skip Maven.
fetch_marker() { echo "$LIB_DIR/.fetched-kafka-$KAFKA_VERSION"; }
pom_hash() { sha256sum "$SCRIPT_DIR/pom.xml" | cut -d' ' -f1; }

jars_present() {
  [[ -f "$(fetch_marker)" && "$(cat "$(fetch_marker)")" == "$(pom_hash)" ]]
}

fetch_jars() {
  if jars_present; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found on PATH: it is needed once to fetch the Kafka jars from Maven Central"
  mkdir -p "$KAFKA_STATE"
  # Single and cluster starts may race to the first fetch: one fetches, the other waits.
  exec 8>"$KAFKA_STATE/.lock-fetch"
  flock -w 900 8 || die "timed out waiting for another kafka.sh to finish fetching jars"
  if jars_present; then exec 8>&-; return 0; fi
  # Fetch into a scratch folder and swap it in only when complete, so an
  # interrupted fetch never leaves a half-filled lib/ that looks usable.
  local tmp="$LIB_DIR.tmp.$$" fetch_log="$KAFKA_STATE/fetch.log" t0=$SECONDS
  rm -rf "$tmp"
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central with mvn (once; cached in $LIB_DIR and ~/.m2) ..."
  if ! mvn -B -q -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" \
      dependency:copy-dependencies -Donegrid.kafka.lib="$tmp" >"$fetch_log" 2>&1; then
    rm -rf "$tmp"
    err "could not fetch the Kafka jars with Maven (is Maven Central reachable?)."
    err "full mvn output: $fetch_log; last lines:"
    tail -n 30 "$fetch_log" >&2 || true
    exit 1
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || { rm -rf "$tmp"; die "mvn succeeded but kafka_2.13-$KAFKA_VERSION.jar is missing from $tmp (see $fetch_log)"; }
  pom_hash >"$tmp/$(basename "$(fetch_marker)")"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  exec 8>&-
  log "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars in $((SECONDS - t0)) s"
}

# Run a Kafka tool class (storage format, probes, console clients) with quiet logging.
run_tool() {
  local class="$1"; shift
  # shellcheck disable=SC2086 # TOOL_JVM_OPTS is a list of flags
  java $TOOL_JVM_OPTS -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2-tools.xml" \
    -cp "$LIB_DIR/*" "$class" "$@"
}

# ---- process bookkeeping ----------------------------------------------------
# The pid of node N's broker if it is alive *and* really is that node's Kafka
# (pid files can outlive reboots; pids get reused).
node_pid() {
  local pf pid cmdline
  pf="$(pid_file "$1")"
  [[ -f $pf ]] || return 1
  pid="$(cat "$pf" 2>/dev/null || true)"
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" || true)"
  [[ $cmdline == *kafka.Kafka*"$(node_dir "$1")/server.properties"* ]] || return 1
  echo "$pid"
}

node_running() { node_pid "$1" >/dev/null; }

# Pids of the nodes this invocation launched (node number -> pid). This shell is their parent, so
# wait_ready can tell alive from exited without node_pid's command-line check, and read the exit code.
declare -A LAUNCHED=()

# Is the process this shell launched as node N still alive? Not node_pid: between bash's fork and
# the exec of java, /proc/PID/cmdline is still this script's (measured: 23 of 200 launches read at
# once; CI 2026-12-07: node-3, the last launched, reported "exited during startup" with nothing
# logged while its JVM went on starting, and lost its pid file); and a child that died stays a
# zombie until waited for, which kill -0 counts as alive. Its parent must be this shell: once bash
# has reaped a dead node its pid may be reused by an unrelated process.
launched_alive() {
  local fields state ppid
  # /proc/PID/stat: "pid (comm) state ppid ...": the fields after the last ')'.
  fields="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)" || return 1
  read -r state ppid _ <<<"$fields"
  [[ -n $state && $state != Z && $ppid == "$$" ]]
}

# The state letter of process $1 (R, S, D, Z, ...) from /proc/PID/stat; fails once it is gone.
proc_state() {
  local fields
  fields="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)" && [[ -n $fields ]] || return 1
  echo "${fields%% *}"
}

# Sets EXIT_REASON to "exit code N" or "killed by SIGNAME" of a launched node that exited, and
# reaps it. Called in this shell, not in $(...): a subshell cannot wait for its parent's child.
# `wait` on a child still running blocks until it ends, with no deadline (a broker runs for
# hours; launched_alive wrong about a live one would hang the script and every test after it on
# its lock): it is only called once the process is dead (a zombie, or gone), seen within 5 s.
# Fails, waiting for nothing, if it still runs.
EXIT_REASON=''
exit_reason() {
  local rc=0 state tries=0
  while state="$(proc_state "$1")" && [[ $state != Z ]]; do
    ((tries < 50)) || return 1
    sleep 0.1
    tries=$((tries + 1))
  done
  wait "$1" 2>/dev/null || rc=$?
  if ((rc > 128)); then EXIT_REASON="killed by SIG$(kill -l $((rc - 128)) 2>/dev/null || echo $((rc - 128)))"
  else EXIT_REASON="exit code $rc"; fi
}

clear_stale_pid() {
  local pf
  pf="$(pid_file "$1")"
  if [[ -f $pf ]] && ! node_running "$1"; then
    log "$(node_label "$1"): removing stale pid file (process $(cat "$pf" 2>/dev/null || echo '?') is gone)"
    rm -f "$pf"
  fi
}

# ---- configuration and storage ----------------------------------------------
# Cluster id and (cluster mode) the controllers' metadata directory ids, made
# once per data set and kept so a wiped node can be formatted again to rejoin.
load_ids() {
  local ids_file
  ids_file="$(mode_dir)/ids.env"
  if [[ ! -f $ids_file ]]; then
    mkdir -p "$(mode_dir)"
    {
      echo "CLUSTER_ID=$(random_kafka_uuid)"
      local n
      for n in $(all_nodes); do echo "DIR_ID_$n=$(random_kafka_uuid)"; done
    } >"$ids_file"
  fi
  # shellcheck disable=SC1090
  source "$ids_file"
}

# Written on every start so edits to this script apply; identity (node id,
# cluster id) lives in data/meta.properties and does not change.
write_config() {
  local n="$1" dir rf min_isr
  dir="$(node_dir "$n")"
  if [[ $MODE == single ]]; then rf=1; min_isr=1; else rf=3; min_isr=2; fi
  mkdir -p "$dir/data" "$dir/logs"
  cat >"$dir/server.properties" <<EOF
# Generated by infra/kafka/kafka.sh on every start - edit the script, not this file.
process.roles=broker,controller
node.id=$n
controller.quorum.bootstrap.servers=$(controller_bootstrap)
listeners=PLAINTEXT://$HOST:$(broker_port "$n"),CONTROLLER://$HOST:$(controller_port "$n")
advertised.listeners=PLAINTEXT://$HOST:$(broker_port "$n"),CONTROLLER://$HOST:$(controller_port "$n")
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data

# Topics are provisioned by the app, with explicit partitions/replication.
auto.create.topics.enable=false
num.partitions=6
default.replication.factor=$rf
min.insync.replicas=$min_isr
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$min_isr
# Dev/test: consumers get partitions immediately instead of after 3 s.
group.initial.rebalance.delay.ms=0
# Failover (README "Failover: how long a dead broker holds its partitions"): the controller
# fences a broker 3 s after its last heartbeat (Kafka's default 9 s, heartbeats every 2 s);
# until then the dead broker's partitions refuse writes and stay in every ISR.
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000

# Retention: Kafka defaults (7 days), smaller segments so it actually applies on a dev box.
log.retention.hours=168
log.segment.bytes=134217728
log.retention.check.interval.ms=300000
EOF
}

format_if_needed() {
  local n="$1" dir out
  dir="$(node_dir "$n")"
  [[ -f "$dir/data/meta.properties" ]] && return 0
  load_ids
  local quorum_args=()
  if [[ $MODE == single ]]; then
    quorum_args=(--standalone)
  else
    # Every node gets the same initial voter set: all three controllers.
    local m voters=() dir_var
    for m in $(all_nodes); do
      dir_var="DIR_ID_$m"
      voters+=("$m@$HOST:$(controller_port "$m"):${!dir_var}")
    done
    quorum_args=(--initial-controllers "$(IFS=,; echo "${voters[*]}")")
  fi
  log "$(node_label "$n"): formatting KRaft storage in $dir/data (cluster id $CLUSTER_ID)"
  if ! out="$(run_tool kafka.tools.StorageTool format --config "$dir/server.properties" \
      --cluster-id "$CLUSTER_ID" "${quorum_args[@]}" 2>&1)"; then
    err "$(node_label "$n"): formatting storage failed:"
    printf '%s\n' "$out" >&2
    exit 1
  fi
}

# ---- start / readiness ------------------------------------------------------
launch_node() {
  local n="$1" dir heap
  dir="$(node_dir "$n")"
  if [[ $MODE == single ]]; then heap="$SINGLE_HEAP_OPTS"; else heap="$CLUSTER_HEAP_OPTS"; fi
  if port_open "$(broker_port "$n")" || port_open "$(controller_port "$n")"; then
    die "$(node_label "$n"): port $(broker_port "$n") or $(controller_port "$n") on $HOST is already in use by another process (not started from $dir). Stop it, or pick other ports (ONEGRID_KAFKA_PORT / ONEGRID_KAFKA_CONTROLLER_PORT / ONEGRID_KAFKA_CLUSTER_PORT_BASE)."
  fi
  write_config "$n"
  format_if_needed "$n"
  # Remember where this run's part of server.log begins, so a failed start
  # shows its own lines rather than the end of the previous run.
  stat -c %s "$(server_log "$n")" 2>/dev/null >"$dir/logs/.launch-offset" || echo 0 >"$dir/logs/.launch-offset"
  # setsid + nohup: the broker survives the calling shell (and Ctrl-C in it);
  # in a non-interactive shell both exec, so $! is the JVM's own pid.
  # shellcheck disable=SC2086 # heap/JVM opts are lists of flags
  nohup setsid java $heap $SERVER_JVM_OPTS \
    "-Xlog:gc*:file=$dir/logs/gc.log:time,tags:filecount=3,filesize=10M" \
    -Dkafka.logs.dir="$dir/logs" \
    -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2-server.xml" \
    -Donegrid.kafka.log.level="$LOG_LEVEL" \
    -cp "$LIB_DIR/*" kafka.Kafka "$dir/server.properties" \
    >"$dir/logs/stdout.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$(pid_file "$n")"
  LAUNCHED[$n]=$!
  log "$(node_label "$n"): started pid $! (broker $HOST:$(broker_port "$n"), controller $HOST:$(controller_port "$n"))"
}

# One JVM asks the brokers behind $1 (bootstrap list) for metadata and then
# every listed broker for its API versions; prints lines like
#   127.0.0.1:9092 (id: 1 rack: null isFenced: false) -> (
# for brokers that answered and "... -> ERROR: ..." for those that did not.
probe() {
  # shellcheck disable=SC2086 # TOOL_JVM_OPTS is a list of flags
  timeout 40 java $TOOL_JVM_OPTS -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2-tools.xml" \
    -Donegrid.kafka.tools.log.level=OFF -cp "$LIB_DIR/*" \
    org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "$1" \
    --command-config "$KAFKA_STATE/probe.properties" 2>/dev/null | grep -E '^[^[:space:]].* -> ' || true
}

write_probe_config() {
  mkdir -p "$KAFKA_STATE"
  # Fail fast instead of the admin client's 30 s defaults: we poll anyway.
  # Written to a temp file and renamed: a concurrent probe never reads it half-written.
  printf '%s\n' 'request.timeout.ms=5000' 'socket.connection.setup.timeout.ms=2000' \
    'socket.connection.setup.timeout.max.ms=5000' >"$KAFKA_STATE/probe.properties.$$"
  mv -f "$KAFKA_STATE/probe.properties.$$" "$KAFKA_STATE/probe.properties"
}

# Did node N answer in the probe output $2? (A fenced broker does not count.)
answered() {
  grep -E "^$HOST:$(broker_port "$1") \(id: $1 .*-> \($" <<<"$2" | grep -qv 'isFenced: true'
}

print_failure() {
  local n="$1" why="$2" dir
  dir="$(node_dir "$n")"
  if [[ ${3:-} == retry ]]; then warn "$(node_label "$n"): $why"; else err "$(node_label "$n"): $why"; fi
  err "log: $(server_log "$n")"
  local offset=0 recent=""
  [[ -f "$dir/logs/.launch-offset" ]] && offset="$(cat "$dir/logs/.launch-offset")"
  [[ -f "$(server_log "$n")" ]] && recent="$(tail -c +"$((offset + 1))" "$(server_log "$n")" | tail -n 30)"
  local first_errors=""
  [[ -f "$(server_log "$n")" ]] &&
    first_errors="$(tail -c +"$((offset + 1))" "$(server_log "$n")" | grep -m 2 -A 4 -E '^\[[^]]*\] (ERROR|FATAL) ' || true)"
  if [[ -n $first_errors ]]; then
    # A fatal start ends in pages of shutdown lines: its cause is the first error, not the tail.
    echo "----- first errors in $(server_log "$n") (this start) -----" >&2
    printf '%s\n' "$first_errors" >&2
  fi
  if [[ -n $recent ]]; then
    echo "----- last 30 lines of $(server_log "$n") (this start) -----" >&2
    printf '%s\n' "$recent" >&2
  else
    echo "----- $(server_log "$n"): nothing logged by this start -----" >&2
  fi
  # The JVM's own stdout/stderr: what it says before log4j runs (a bad flag, no memory for the
  # heap, a crash) is only here.
  if [[ -s "$dir/logs/stdout.log" ]]; then
    echo "----- last 30 lines of $dir/logs/stdout.log (the JVM's stdout and stderr) -----" >&2
    tail -n 30 "$dir/logs/stdout.log" >&2
  else
    echo "----- $dir/logs/stdout.log (the JVM's stdout and stderr): empty -----" >&2
  fi
}

# A start that failed for a reason another try fixes: the port still bound or the data folder's
# lock still held by the node's previous process, just ended.
retryable_failure() {
  local dir offset=0
  dir="$(node_dir "$1")"
  [[ -f "$dir/logs/.launch-offset" ]] && offset="$(cat "$dir/logs/.launch-offset")"
  { tail -c +"$((offset + 1))" "$(server_log "$1")" 2>/dev/null; cat "$dir/logs/stdout.log" 2>/dev/null; } |
    grep -qE 'Address already in use|BindException|Failed to acquire lock'
}

# Waits up to 30 s for node N's ports to be closed (its previous process gone).
wait_ports_free() {
  local deadline=$((SECONDS + 30))
  while port_open "$(broker_port "$1")" || port_open "$(controller_port "$1")"; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

# Poll until every node in "$@" answers, a node's process dies, or the deadline passes.
wait_ready() {
  local deadline=$((SECONDS + START_TIMEOUT_S)) n pending out reason pid
  local -A retried=()
  write_probe_config
  while :; do
    pending=()
    for n in "$@"; do
      pid="${LAUNCHED[$n]:-}"
      # exit_reason fails for a process that still runs: polled as a live one below.
      if [[ -n $pid ]] && ! launched_alive "$pid" && exit_reason "$pid"; then
        reason="$EXIT_REASON"
        unset "LAUNCHED[$n]"
        rm -f "$(pid_file "$n")"
        if [[ -z ${retried[$n]:-} ]] && retryable_failure "$n" && wait_ports_free "$n"; then
          retried[$n]=1
          print_failure "$n" "the Kafka process exited during startup ($reason); starting it once more" retry
          mv -f "$(node_dir "$n")/logs/stdout.log" "$(node_dir "$n")/logs/stdout.failed.log"
          launch_node "$n"
          pending+=("$n")
          continue
        fi
        print_failure "$n" "the Kafka process exited during startup ($reason)"
        exit 1
      elif [[ -z $pid ]] && ! node_running "$n"; then
        print_failure "$n" "the Kafka process is gone (started by an earlier kafka.sh; exit code unknown)"
        rm -f "$(pid_file "$n")"
        exit 1
      fi
      # A closed port needs no JVM to tell us it is not ready yet.
      port_open "$(broker_port "$n")" || pending+=("$n")
    done
    if [[ ${#pending[@]} -eq 0 ]]; then
      out="$(probe "$(bootstrap_servers "$@")")"
      for n in "$@"; do answered "$n" "$out" || pending+=("$n")
      done
      [[ ${#pending[@]} -eq 0 ]] && return 0
    fi
    if ((SECONDS >= deadline)); then
      for n in "${pending[@]}"; do
        print_failure "$n" "not answering on $HOST:$(broker_port "$n") after ${START_TIMEOUT_S} s (ONEGRID_KAFKA_START_TIMEOUT_S); it is still running, 'kafka.sh stop$([[ $MODE == cluster ]] && echo ' --cluster')' stops it"
      done
      exit 1
    fi
    sleep 1
  done
}

# Start the given nodes (those not yet running) and wait for all of them.
start_nodes() {
  local t0=$SECONDS n all_up=1
  require_java
  fetch_jars
  for n in "$@"; do
    clear_stale_pid "$n"
    if node_running "$n"; then continue; fi
    all_up=0
    launch_node "$n"
  done
  if ((all_up)); then
    write_probe_config
    local out
    out="$(probe "$(bootstrap_servers "$@")")"
    local ok=1
    for n in "$@"; do answered "$n" "$out" || ok=0; done
    if ((ok)); then
      log "already running and answering: $(for n in "$@"; do printf '%s (pid %s) ' "$(node_label "$n")" "$(node_pid "$n")"; done)- bootstrap servers: $(bootstrap_servers)"
      return 0
    fi
    log "already running but not answering yet; waiting up to ${START_TIMEOUT_S} s"
  fi
  wait_ready "$@"
  log "$(labels "$@") ready in $((SECONDS - t0)) s; bootstrap servers: $(bootstrap_servers)"
}

# ---- stop -------------------------------------------------------------------
# How many of this mode's nodes have a live process.
alive_count() {
  local n c=0
  for n in $(all_nodes); do node_running "$n" && c=$((c + 1)); done
  echo "$c"
}

# SIGTERM all given nodes at once (in a cluster, stopping them one by one would
# leave the last ones waiting on a controller quorum that is already gone),
# then SIGKILL whatever is left after STOP_TIMEOUT_S.
#
# Cluster caveat: a broker's graceful (controlled) shutdown must be approved
# by the controller quorum. Once fewer than a majority of the three nodes are
# alive, the ones left can never get that approval and would sit out Kafka's
# own multi-minute timeout; so after QUORUM_LOST_GRACE_S they are SIGKILLed
# (their data is recovered on the next start, as after any crash).
readonly QUORUM_LOST_GRACE_S=12
stop_nodes() {
  local n pid pids=() labels=()
  for n in "$@"; do
    if pid="$(node_pid "$n")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); labels+=("$(node_label "$n")")
      log "$(node_label "$n"): stopping pid $pid"
    else
      clear_stale_pid "$n"
    fi
  done
  if [[ ${#pids[@]} -eq 0 ]]; then
    log "nothing running ($MODE)"
    return 0
  fi
  local t0=$SECONDS deadline=$((SECONDS + STOP_TIMEOUT_S)) alive i why=""
  while :; do
    alive=()
    for i in "${!pids[@]}"; do
      kill -0 "${pids[$i]}" 2>/dev/null && alive+=("$i")
    done
    [[ ${#alive[@]} -eq 0 ]] && break
    if ((SECONDS >= deadline)); then
      why="still running after ${STOP_TIMEOUT_S} s"
    elif [[ $MODE == cluster ]] && ((SECONDS - t0 >= QUORUM_LOST_GRACE_S)) &&
      (($(alive_count) < CLUSTER_SIZE / 2 + 1)); then
      why="controller quorum gone (no majority of nodes left), it cannot finish a controlled shutdown"
    fi
    if [[ -n $why ]]; then
      for i in "${alive[@]}"; do
        log "${labels[$i]}: $why; sending SIGKILL"
        kill -KILL "${pids[$i]}" 2>/dev/null || true
      done
      sleep 0.5
      break
    fi
    sleep 0.5
  done
  for n in "$@"; do rm -f "$(pid_file "$n")"; done
  log "stopped: $(IFS=,; echo "${labels[*]}" | sed 's/,/, /g')"
}

# ---- subcommands ------------------------------------------------------------
cmd_status() {
  local n pid out="" any_port=0 all_ok=1
  for n in $(all_nodes); do port_open "$(broker_port "$n")" && any_port=1; done
  if ((any_port)) && [[ -f "$(fetch_marker)" ]]; then
    write_probe_config
    out="$(probe "$(bootstrap_servers)")"
  fi
  for n in $(all_nodes); do
    local state="not running" answer="not answering"
    if pid="$(node_pid "$n")"; then state="running (pid $pid)"; fi
    if answered "$n" "$out"; then answer="answering"; else all_ok=0; fi
    printf '%-7s %s:%s  %-20s %s\n' "$(node_label "$n")" "$HOST" "$(broker_port "$n")" "$state" "$answer"
  done
  ((all_ok)) && return 0 || return 3
}

cmd_reset() {
  stop_nodes $(all_nodes)
  local dir
  dir="$(mode_dir)"
  rm -rf "$dir"
  log "deleted $dir (jars kept in $LIB_DIR)"
}

# Serialise start/stop/reset per mode: two concurrent `start`s (e.g. parallel
# test setups) must not both launch a JVM and overwrite each other's pid file.
take_lock() {
  mkdir -p "$KAFKA_STATE"
  exec 9>"$KAFKA_STATE/.lock-$MODE"
  flock -w $((START_TIMEOUT_S + STOP_TIMEOUT_S + 30)) 9 || die "timed out waiting for another kafka.sh ($MODE) to finish"
}

check_node_arg() {
  [[ ${1:-} =~ ^[1-9][0-9]*$ && $1 -le $CLUSTER_SIZE ]] || die "expected a node number 1..$CLUSTER_SIZE, got '${1:-}'"
}

usage() {
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  # run-class passes everything through untouched (its args may contain anything).
  if [[ ${1:-} == run-class ]]; then
    shift
    [[ $# -gt 0 ]] || die "usage: kafka.sh run-class CLASS [ARGS...]"
    require_java; fetch_jars
    run_tool "$@"
    return
  fi
  local args=() a
  for a in "$@"; do
    if [[ $a == --cluster ]]; then MODE=cluster; else args+=("$a"); fi
  done
  # "cluster start" == "start --cluster"
  if [[ ${args[0]:-} == cluster ]]; then MODE=cluster; args=("${args[@]:1}"); fi
  local cmd="${args[0]:-help}"
  case "$cmd" in
    start) take_lock; start_nodes $(all_nodes) ;;
    stop) take_lock; stop_nodes $(all_nodes) ;;
    status) cmd_status ;;
    reset) take_lock; cmd_reset ;;
    bootstrap-servers) bootstrap_servers ;;
    fetch) fetch_jars; log "jars in $LIB_DIR" ;;
    kill-node | stop-node | start-node)
      MODE=cluster
      check_node_arg "${args[1]:-}"
      local n="${args[1]}" pid
      take_lock
      case "$cmd" in
        kill-node)
          if pid="$(node_pid "$n")"; then
            kill -KILL "$pid"; rm -f "$(pid_file "$n")"
            # Gone before returning, so that a start-node right after does not find its ports
            # or lock still held (the kernel frees them as the process is reaped).
            local waited=0
            # A zombie has let go of them already (its parent may never reap it).
            while [[ "$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" =~ ^[^Z]$ ]] &&
              ((waited < 150)); do sleep 0.2; waited=$((waited + 1)); done
            log "node-$n: killed pid $pid (SIGKILL)"
          else
            clear_stale_pid "$n"; log "node-$n: not running"
          fi ;;
        stop-node) stop_nodes "$n" ;;
        start-node) start_nodes "$n" ;;
      esac ;;
    help | -h | --help) usage ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
}

main "$@"
