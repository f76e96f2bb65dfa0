#!/usr/bin/env bash
# Two (or more) ITSM Flow nodes as plain processes on one PostgreSQL — the scale-out of docker/compose.yaml for a
# machine without a Docker engine. Each node is `java -jar` of the packaged application with the production profile
# "postgres", its own HTTP port, and the same database; Camunda's job executor runs on every node.
#
# Usage (from anywhere):
#   export SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/itsmflow
#   export SPRING_DATASOURCE_USERNAME=itsmflow SPRING_DATASOURCE_PASSWORD=secret
#   export CAMUNDA_BPM_ADMIN_USER_ID=admin CAMUNDA_BPM_ADMIN_USER_PASSWORD='choose-one'
#   docker/two-nodes.sh start            # builds the jar if missing, starts nodes on 8081 and 8082, waits for health
#   docker/two-nodes.sh status           # pid, port, health of each node
#   docker/two-nodes.sh stop  [port]     # SIGTERM: graceful stop (all nodes, or the one on that port)
#   docker/two-nodes.sh kill  [port]     # SIGKILL: crash drill (kill -9)
#   docker/two-nodes.sh restart [port]   # stop then start
#   docker/two-nodes.sh logs  <port>     # follow a node's log
#
# Settings (environment): NODE_PORTS (default "8081 8082"), ITSM_JAR (default target/itsm-flow-*.jar),
# JAVA_OPTS (default "-Xmx512m"), RUN_DIR (pid and log files, default target/two-nodes), HEALTH_TIMEOUT seconds
# (default 300). Any other Spring setting passes through the environment (e.g. SPRING_MAIL_HOST).
# Put a load balancer in front (docker/Caddyfile shows one; sticky sessions for the Camunda webapps).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NODE_PORTS="${NODE_PORTS:-8081 8082}"
RUN_DIR="${RUN_DIR:-$ROOT/target/two-nodes}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-300}"
log() { printf '[two-nodes] %s\n' "$*"; }

jar() {
  if [ -n "${ITSM_JAR:-}" ]; then
    echo "$ITSM_JAR"
    return
  fi
  local found
  found="$(ls "$ROOT"/target/itsm-flow-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1 || true)"
  if [ -z "$found" ]; then
    log "no jar in target/: building it (mvn -B -q -DskipTests package)" >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
    found="$(ls "$ROOT"/target/itsm-flow-*.jar | grep -v '\.original$' | head -n 1)"
  fi
  echo "$found"
}

pid_of() { cat "$RUN_DIR/node-$1.pid" 2>/dev/null || true; }
alive() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
healthy() { curl -fsS "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"UP"'; }
ports() { if [ -n "${1:-}" ]; then echo "$1"; else echo "$NODE_PORTS"; fi; }

start_node() {
  local port="$1" jarfile="$2"
  if alive "$port"; then
    log "node on port $port already runs (pid $(pid_of "$port"))"
    return
  fi
  : "${SPRING_DATASOURCE_URL:?set SPRING_DATASOURCE_URL (jdbc:postgresql://host:5432/db)}"
  mkdir -p "$RUN_DIR"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE:-postgres}" \
    nohup java $JAVA_OPTS -jar "$jarfile" --server.port="$port" >>"$RUN_DIR/node-$port.log" 2>&1 &
  echo $! >"$RUN_DIR/node-$port.pid"
  log "node on port $port started (pid $!, log $RUN_DIR/node-$port.log)"
}

await_health() {
  local port="$1" waited=0
  until healthy "$port"; do
    if ! alive "$port"; then
      log "node on port $port exited; last lines of its log:"
      tail -n 30 "$RUN_DIR/node-$port.log" >&2
      return 1
    fi
    if [ "$waited" -ge "$HEALTH_TIMEOUT" ]; then
      log "node on port $port not healthy after ${HEALTH_TIMEOUT}s"
      return 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
  log "node on port $port is UP: http://127.0.0.1:$port"
}

signal_node() {
  local port="$1" signal="$2" pid
  pid="$(pid_of "$port")"
  if ! alive "$port"; then
    log "node on port $port is not running"
    rm -f "$RUN_DIR/node-$port.pid"
    return
  fi
  kill "-$signal" "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "node on port $port (pid $pid) still runs after SIG$signal"
    return 1
  fi
  rm -f "$RUN_DIR/node-$port.pid"
  log "node on port $port (pid $pid) ended by SIG$signal"
}

command="${1:-}"
case "$command" in
  start)
    jarfile="$(jar)"
    # The first node alone until it is UP: two nodes starting at the same moment on an EMPTY database race to
    # create Liquibase's lock table and one of them fails (docker/README.md). Later starts may overlap freely.
    set -- $(ports "${2:-}")
    start_node "$1" "$jarfile"
    await_health "$1"
    shift
    for port in "$@"; do start_node "$port" "$jarfile"; done
    for port in "$@"; do await_health "$port"; done
    ;;
  stop) for port in $(ports "${2:-}"); do signal_node "$port" TERM; done ;;
  kill) for port in $(ports "${2:-}"); do signal_node "$port" KILL; done ;;
  restart)
    jarfile="$(jar)"
    for port in $(ports "${2:-}"); do signal_node "$port" TERM; start_node "$port" "$jarfile"; await_health "$port"; done
    ;;
  status)
    for port in $(ports "${2:-}"); do
      if alive "$port"; then
        if healthy "$port"; then state=UP; else state=STARTING/DOWN; fi
        log "port $port: pid $(pid_of "$port"), health $state"
      else
        log "port $port: not running"
      fi
    done
    ;;
  logs) tail -n 100 -f "$RUN_DIR/node-${2:?port}.log" ;;
  *) sed -n '2,22p' "$0"; exit 2 ;;
esac
