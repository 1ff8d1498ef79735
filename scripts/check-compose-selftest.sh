#!/usr/bin/env bash
# Tests scripts/check_compose.py itself: breaks a copy of the repository's Docker files one way at a time and
# shows each break is caught with its reason (and that the unbroken copy passes).
# Last line: "check-compose-selftest: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/python-with-yaml.sh
[[ -n "$PYTHON" ]] || { echo "check-compose-selftest: 0 passed, 1 failed"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-compose-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

fresh_copy() {
  rm -rf "$tmp/repo" && mkdir -p "$tmp/repo"
  git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$tmp/repo"
}

case_() {  # case_ NAME EXPECTED_OUTPUT_PATTERN BREAK_COMMAND (run inside the copy; empty = no break)
  local name=$1 pattern=$2 break_command=$3
  fresh_copy
  (cd "$tmp/repo" && eval "$break_command")
  "$PYTHON" scripts/check_compose.py "$tmp/repo" >"$tmp/out" 2>&1
  local status=$?
  local wanted=1
  [[ -z "$break_command" ]] && wanted=0
  if [[ "$status" == "$wanted" ]] && grep -qE -- "$pattern" "$tmp/out"; then
    echo "PASS $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name: exit $status (wanted $wanted), /$pattern/ not found or wrong status; output:"
    sed 's/^/     /' "$tmp/out" | grep -E 'FAIL|- |check-compose:' | head -n 12
    failed=$((failed + 1))
  fi
}

case_ "the shipped files pass" "check-compose: [0-9]+ passed, 0 failed" ""
case_ "root user in an image" "verify-service/Dockerfile: the final stage does not switch to a non-root USER" \
  "sed -i 's/^USER 10001:10001/USER root/' verify-service/Dockerfile"
case_ "a Spark Java 17 flag missing" "ENTRYPOINT lacks the Java 17 flags .*sun.security.krb5" \
  "sed -i '/sun.security.krb5/d' analytics-service/Dockerfile"
case_ "a dependency that does not wait for health" "depends_on zookeeper with condition service_started" \
  "sed -i '0,/condition: service_healthy/s//condition: service_started/' docker-compose.yml"
case_ "an image on latest" "grafana/grafana:latest is not pinned" \
  "sed -i 's#grafana/grafana:11.6.1#grafana/grafana:latest#' docker-compose.yml"
case_ "a config mounted writable" "mounts .*docker/prometheus/prometheus.yml .* writable" \
  "sed -i 's#prometheus.yml:/etc/prometheus/prometheus.yml:ro#prometheus.yml:/etc/prometheus/prometheus.yml#' docker-compose.yml"
case_ "a dashboard on another datasource uid" "datasource uid 'other', provisioned uid is 'prometheus'" \
  "sed -i '0,/\"uid\": \"prometheus\"/s//\"uid\": \"other\"/' docker/grafana/provisioning/dashboards/sf-crime-streaming.json"
case_ "an image without HEALTHCHECK" "ingest-service/Dockerfile: no HEALTHCHECK" \
  "sed -i 's/^HEALTHCHECK/# HEALTHCHECK/' ingest-service/Dockerfile"
case_ "a compose service without healthcheck" "service grafana has no healthcheck" \
  "python3 -c \"import re; p='docker-compose.yml'; s=open(p).read(); i=s.index('  grafana:'); j=s.index('    healthcheck:', i); k=s.index('volumes:', j); open(p, 'w').write(s[:j] + s[k:])\""
case_ "the KRaft file drifting from the base" "service verify-service differs" \
  "sed -i 's/VERIFY_MEM_LIMIT:-1g/VERIFY_MEM_LIMIT:-2g/' docker-compose.kraft.yml"
case_ "auto topic creation on" "KAFKA_AUTO_CREATE_TOPICS_ENABLE is not" \
  "sed -i 's/KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"false\"/KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"true\"/' docker-compose.yml"
case_ "a default API token" "SFCRIME_SECURITY_API_TOKEN is .*not \\$\\{SFCRIME_API_TOKEN:\\?" \
  "sed -i 's/SFCRIME_API_TOKEN:?set/SFCRIME_API_TOKEN:-changeme/' docker-compose.yml"
case_ "an invalid compose file" "FAIL docker-compose -f docker-compose.yml config -q" \
  "sed -i 's/^services:/servicez:/' docker-compose.yml"

echo "check-compose-selftest: $passed passed, $failed failed"
[[ "$failed" == 0 ]]
