#!/usr/bin/env bash
# Runs the Kafka (and ZooKeeper) settings of docker-compose.yml and docker-compose.kraft.yml from Maven Central
# jars of the same Kafka releases, in a private network namespace (root; no Docker), and checks the compose
# healthchecks, the two listeners and that automatic topic creation is off. Details: scripts/kafka_brokers_check.py.
# Last line: "kafka-brokers-check: N passed, M failed". About 2 minutes (plus a one-off download of the jars).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-with-yaml.sh
[[ -n "$PYTHON" ]] || { echo "kafka-brokers-check: 0 passed, 1 failed"; exit 1; }
exec "$PYTHON" scripts/kafka_brokers_check.py
