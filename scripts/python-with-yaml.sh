# Sourced by the check scripts: sets PYTHON to a python3 that has PyYAML. The python3 on PATH may be a private
# one without it; Debian's /usr/bin/python3 has it whenever docker-compose is installed (python3-yaml).
PYTHON=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
    PYTHON=$candidate
    break
  fi
done
if [[ -z "$PYTHON" ]]; then
  echo "no python3 with PyYAML: apt-get install -y --no-install-recommends docker-compose python3-yaml" >&2
fi
