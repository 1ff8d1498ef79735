#!/usr/bin/env bash
# Tests scripts/prometheus-e2e.sh itself, with no service running: a fake /actuator/prometheus
# (scripts/testing/fake_actuator.py, publishing the metric names the dashboard was built from) on free loopback
# ports. Shows that the check passes when every panel has data, fails naming the panel when one metric is
# missing, and fails (bounded in time) when a service is down. It proves the checker, not the services:
# the real check is scripts/prometheus-e2e.sh against the running services.
# Last line: "prometheus-e2e-selftest: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/prometheus-e2e-selftest.XXXXXX")
fake_pid=""
stop_fake() {
  if [[ -n "$fake_pid" ]]; then kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null; fake_pid=""; fi
}
trap 'stop_fake; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

start_fake() {
  rm -f "$tmp/ports"
  python3 scripts/testing/fake_actuator.py --ports-file "$tmp/ports" --max-seconds 240 "$@" &
  fake_pid=$!
  for _ in $(seq 1 50); do [[ -s "$tmp/ports" ]] && break; sleep 0.1; done
  [[ -s "$tmp/ports" ]] || { echo "fake actuator did not start"; exit 1; }
  # shellcheck disable=SC1091
  source "$tmp/ports"
}

passed=0
failed=0
expect() {  # expect NAME WANTED_EXIT PATTERN -- command...
  local name=$1 wanted=$2 pattern=$3
  shift 4
  "$@" >"$tmp/out" 2>&1
  local got=$?
  if [[ "$got" == "$wanted" ]] && grep -qE "$pattern" "$tmp/out"; then
    echo "PASS $name (exit $got, output has /$pattern/)"
    passed=$((passed + 1))
  else
    echo "FAIL $name: exit $got (wanted $wanted), /$pattern/ $(grep -qE "$pattern" "$tmp/out" && echo found || echo missing); output:"
    sed 's/^/     /' "$tmp/out" | tail -n 25
    failed=$((failed + 1))
  fi
}

start_fake
expect "every dashboard query has data" 0 "^prometheus-e2e: [0-9]+ passed, 0 failed$" -- \
  env INGEST_ADDR="$ingest" VERIFY_ADDR="$verify" ANALYTICS_ADDR="$analytics" E2E_TIMEOUT=120 QUERY_WAIT=40 \
  scripts/prometheus-e2e.sh
stop_fake

start_fake --omit sfcrime_spark_state_rows
expect "a missing metric fails, naming the panel" 1 "FAIL panel 'State rows' query A: sfcrime_spark_state_rows" -- \
  env INGEST_ADDR="$ingest" VERIFY_ADDR="$verify" ANALYTICS_ADDR="$analytics" E2E_TIMEOUT=90 QUERY_WAIT=12 \
  scripts/prometheus-e2e.sh
expect "a service that is down fails in bounded time" 1 "FAIL job analytics-service up" -- \
  env INGEST_ADDR="$ingest" VERIFY_ADDR="$verify" ANALYTICS_ADDR=127.0.0.1:9 E2E_TIMEOUT=20 \
  scripts/prometheus-e2e.sh
stop_fake

echo "prometheus-e2e-selftest: $passed passed, $failed failed"
[[ "$failed" == 0 ]]
