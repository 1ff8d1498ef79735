#!/usr/bin/env bash
# Checks docker-compose.yml, docker-compose.kraft.yml, the Dockerfiles, prometheus.yml and the Grafana
# provisioning WITHOUT a Docker engine (what is checked: scripts/check_compose.py's docstring).
# Needs Debian's docker-compose and prometheus (promtool): apt-get install -y --no-install-recommends
# docker-compose prometheus. Last line: "check-compose: N passed, M failed"; exit 1 when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-with-yaml.sh
[[ -n "$PYTHON" ]] || { echo "check-compose: 0 passed, 1 failed"; exit 1; }
exec "$PYTHON" scripts/check_compose.py "$PWD"
