#!/usr/bin/env bash
# End-to-end check of the observability setup against the RUNNING services (no Docker needed):
# starts a real Prometheus (Debian's `prometheus` package) on loopback with docker/prometheus/prometheus.yml,
# changed ONLY in its three target addresses, waits until every job is up, then runs every PromQL expression
# of the Grafana dashboard through Prometheus's HTTP API and fails, naming the expression, if one returns no
# data. Prometheus is always stopped and its temporary directory removed at the end.
#
# Run it while the services run on the embedded default (8081/8082/8083), during or after a replay:
#   scripts/prometheus-e2e.sh
# Last line: "prometheus-e2e: N passed, M failed"; exit 0 only when nothing failed.
#
# Settings (environment):
#   INGEST_ADDR, VERIFY_ADDR, ANALYTICS_ADDR  host:port of each service (default 127.0.0.1:8081/8082/8083)
#   PROM_PORT      Prometheus's port on 127.0.0.1 (default: the first free port from 19090)
#   E2E_TIMEOUT    seconds for the whole run, start-up included (default 180)
#   QUERY_WAIT     seconds to retry queries that return no data yet, once every job is up (default 45)
#   KEEP_TMP=1     keep the temporary directory (adapted config, Prometheus log) for inspection
set -euo pipefail
cd "$(dirname "$0")/.."

INGEST_ADDR=${INGEST_ADDR:-127.0.0.1:8081}
VERIFY_ADDR=${VERIFY_ADDR:-127.0.0.1:8082}
ANALYTICS_ADDR=${ANALYTICS_ADDR:-127.0.0.1:8083}
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
QUERY_WAIT=${QUERY_WAIT:-45}
CONFIG=docker/prometheus/prometheus.yml
DASHBOARD=docker/grafana/provisioning/dashboards/sf-crime-streaming.json

fail() {
  echo "prometheus-e2e: $*" >&2
  echo "prometheus-e2e: 0 passed, 1 failed"
  exit 1
}

command -v prometheus >/dev/null || fail "prometheus not found: apt-get install -y --no-install-recommends prometheus"
command -v python3 >/dev/null || fail "python3 not found"

deadline=$(( $(date +%s) + E2E_TIMEOUT ))
tmp=$(mktemp -d "${TMPDIR:-/tmp}/prometheus-e2e.XXXXXX")
prom_pid=""
cleanup() {
  if [[ -n "$prom_pid" ]] && kill -0 "$prom_pid" 2>/dev/null; then
    kill "$prom_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$prom_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$prom_pid" 2>/dev/null || true
    wait "$prom_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "prometheus-e2e: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The only change to the shipped file: each "<service>:<port>" target becomes the address given above.
sed -e "s#\"ingest-service:8081\"#\"${INGEST_ADDR}\"#" \
    -e "s#\"verify-service:8082\"#\"${VERIFY_ADDR}\"#" \
    -e "s#\"analytics-service:8083\"#\"${ANALYTICS_ADDR}\"#" \
    "$CONFIG" > "$tmp/prometheus.yml"
changed=$(diff "$CONFIG" "$tmp/prometheus.yml" | grep -c '^>' || true)
[[ "$changed" == 3 ]] || fail "expected to change exactly 3 target lines of $CONFIG, changed $changed"
promtool check config "$tmp/prometheus.yml" >/dev/null || fail "the adapted config does not pass promtool"

if [[ -z "${PROM_PORT:-}" ]]; then
  PROM_PORT=$(python3 -c '
import socket
for port in range(19090, 19190):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break')
fi
[[ -n "$PROM_PORT" ]] || fail "no free port for Prometheus from 19090"

echo "prometheus-e2e: Prometheus on 127.0.0.1:${PROM_PORT}, scraping ${INGEST_ADDR} ${VERIFY_ADDR} ${ANALYTICS_ADDR}"
prometheus --config.file="$tmp/prometheus.yml" \
  --storage.tsdb.path="$tmp/data" \
  --web.listen-address="127.0.0.1:${PROM_PORT}" \
  --log.level=warn >"$tmp/prometheus.log" 2>&1 &
prom_pid=$!

status=0
python3 scripts/prometheus_e2e.py \
  --url "http://127.0.0.1:${PROM_PORT}" \
  --dashboard "$DASHBOARD" \
  --jobs ingest-service,verify-service,analytics-service \
  --deadline "$deadline" \
  --query-wait "$QUERY_WAIT" \
  --pid "$prom_pid" || status=$?

if ! kill -0 "$prom_pid" 2>/dev/null; then
  echo "prometheus-e2e: Prometheus exited early; its log:" >&2
  tail -n 20 "$tmp/prometheus.log" >&2
  status=1
fi
exit "$status"
