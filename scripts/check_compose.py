#!/usr/bin/env python3
"""Checks the Docker setup without a Docker engine.

What it checks (each check prints PASS or FAIL with the reason; the last line is a summary):
- docker-compose.yml and docker-compose.kraft.yml are valid (`docker-compose config -q`, Debian's docker-compose);
- docker/prometheus/prometheus.yml passes `promtool check config` and scrapes each service at <service>:<port>;
- in both compose files, read back as normalised by `docker-compose config`: every service has a healthcheck,
  every depends_on waits for condition service_healthy, every image has a pinned version tag (never latest),
  every bind mount is read-only, every published port is on 127.0.0.1, the services reach Kafka on its
  internal listener, Kafka advertises kafka:29092 and localhost:9092 with automatic topic creation off, and the
  analytics checkpoint is on a named volume;
- each service gets its API token from SFCRIME_API_TOKEN with no default (`${SFCRIME_API_TOKEN:?...}`), and
  `docker-compose config` refuses docker-compose.yml when the variable is unset;
- the KRaft file has no ZooKeeper, runs its broker as broker+controller, and differs from docker-compose.yml
  only in the broker and the volume names of the broker and the checkpoint;
- the three Dockerfiles: pinned base images, a non-root USER in the final stage, a HEALTHCHECK with curl and curl
  installed, a container-aware heap (MaxRAMPercentage), the service's port exposed; the analytics image starts
  java with every flag of the root pom's spark.java17.flags;
- .dockerignore leaves out target/ and .git/ but keeps data/ and the Maven wrapper;
- the Grafana dashboard JSON parses, is titled "SF Crime Streaming", every panel and query uses the datasource
  uid provisioned in docker/grafana/provisioning/datasources, every query has an expression, and the
  provisioning is mounted read-only where the dashboard provider and the home dashboard path expect it.

Usage: python3 scripts/check_compose.py [repository root]   (scripts/check-compose.sh calls it)
Exit status: 0 when every check passed, 1 otherwise.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

try:
    import yaml
except ImportError:  # Debian's docker-compose depends on python3-yaml, so this only happens without it.
    print("check-compose: FAIL: python3 module 'yaml' missing "
          "(apt-get install -y --no-install-recommends docker-compose python3-yaml)")
    sys.exit(1)

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
COMPOSE_FILES = ["docker-compose.yml", "docker-compose.kraft.yml"]
SERVICES = {"ingest-service": 8081, "verify-service": 8082, "analytics-service": 8083}
KAFKA_INTERNAL = "kafka:29092"
CHECKPOINT_ENV = "SFCRIME_ANALYTICS_DATA_DIR"
PROMETHEUS_CONFIG = "docker/prometheus/prometheus.yml"
GRAFANA_PROVISIONING = "docker/grafana/provisioning"
DASHBOARD = GRAFANA_PROVISIONING + "/dashboards/sf-crime-streaming.json"
DATASOURCES = GRAFANA_PROVISIONING + "/datasources/prometheus.yml"
DASHBOARD_PROVIDERS = GRAFANA_PROVISIONING + "/dashboards/dashboards.yml"

results = []


def check(name, problems):
    """Records one check; problems is a list of strings (empty = passed)."""
    problems = [p for p in problems if p]
    results.append((name, problems))
    if problems:
        print(f"FAIL {name}")
        for problem in problems:
            print(f"     - {problem}")
    else:
        print(f"PASS {name}")


def path(relative):
    return os.path.join(ROOT, relative)


def read(relative):
    with open(path(relative), encoding="utf-8") as f:
        return f.read()


TOKEN_VARIABLE = "SFCRIME_API_TOKEN"
TOKEN_SETTING = "SFCRIME_SECURITY_API_TOKEN"


def run(command, token=True):
    """Runs a command in the repository root with no compose variables from the caller's environment and, unless
    token is False, a placeholder API token (the compose files require one; its value is never used here)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_") and k != TOKEN_VARIABLE}
    if token:
        env[TOKEN_VARIABLE] = "check-compose-placeholder-token"
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)


def tool(name, package):
    if shutil.which(name) is None:
        check(f"tool {name} installed", [f"{name} not found: apt-get install -y --no-install-recommends {package}"])
        return False
    return True


# ---------------------------------------------------------------------------------------------- compose files

def compose_config(file):
    """The file as docker-compose normalises it (defaults filled in, short forms expanded), or None."""
    result = run(["docker-compose", "-f", file, "config"])
    if result.returncode != 0:
        return None
    return yaml.safe_load(result.stdout)


def image_problems(service, image):
    if not image:
        return [f"{service}: no image name (a built service needs image: name:version, else it is tagged latest)"]
    if "@sha256:" in image:
        return []
    name, _, tag = image.rpartition(":")
    if not name or "/" in tag:
        return [f"{service}: image {image} has no tag"]
    if tag == "latest" or not re.search(r"\d", tag):
        return [f"{service}: image {image} is not pinned to a version"]
    return []


def service_problems(file, services):
    problems = []
    for name, service in services.items():
        health = service.get("healthcheck")
        if not health or health.get("disable") or health.get("test") in (None, ["NONE"]):
            problems.append(f"{file}: service {name} has no healthcheck")
        for dependency, spec in (service.get("depends_on") or {}).items():
            condition = spec.get("condition") if isinstance(spec, dict) else None
            if condition != "service_healthy":
                problems.append(f"{file}: {name} depends_on {dependency} with condition {condition}, "
                                f"not service_healthy")
        problems += [f"{file}: {p}" for p in image_problems(name, service.get("image"))]
        for volume in service.get("volumes") or []:
            source, target, mode = volume_parts(volume)
            if source.startswith(("/", ".")) and "ro" not in mode.split(","):
                problems.append(f"{file}: {name} mounts {source} on {target} writable; configs are mounted :ro")
        for port in service.get("ports") or []:
            text = port if isinstance(port, str) else f"{port.get('host_ip', '')}:{port.get('published')}"
            if not str(text).startswith("127.0.0.1:"):
                problems.append(f"{file}: {name} publishes {port} beyond 127.0.0.1")
    return problems


def volume_parts(volume):
    if isinstance(volume, dict):
        mode = "ro" if volume.get("read_only") else "rw"
        return str(volume.get("source", "")), str(volume.get("target", "")), mode
    parts = volume.split(":")
    return parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "rw"


def wiring_problems(file, config):
    services = config.get("services", {})
    problems = []
    for name, port in SERVICES.items():
        service = services.get(name)
        if service is None:
            problems.append(f"{file}: no service {name}")
            continue
        env = service.get("environment") or {}
        if env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS") != KAFKA_INTERNAL:
            problems.append(f"{file}: {name} SPRING_KAFKA_BOOTSTRAP_SERVERS is "
                            f"{env.get('SPRING_KAFKA_BOOTSTRAP_SERVERS')!r}, expected {KAFKA_INTERNAL}")
        health_test = " ".join((service.get("healthcheck") or {}).get("test") or [])
        if f":{port}/actuator/health" not in health_test:
            problems.append(f"{file}: {name} healthcheck does not call port {port}")
        if "kafka" not in (service.get("depends_on") or {}) and "ingest-service" not in (
                service.get("depends_on") or {}):
            problems.append(f"{file}: {name} waits for neither kafka nor ingest-service")
    kafka = services.get("kafka")
    if kafka is None:
        return problems + [f"{file}: no service kafka"]
    env = kafka.get("environment") or {}
    advertised = str(env.get("KAFKA_ADVERTISED_LISTENERS", ""))
    for listener in (KAFKA_INTERNAL, "localhost:9092"):
        if listener not in advertised:
            problems.append(f"{file}: kafka does not advertise {listener} (KAFKA_ADVERTISED_LISTENERS={advertised})")
    if str(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).lower() != "false":
        problems.append(f"{file}: kafka KAFKA_AUTO_CREATE_TOPICS_ENABLE is not \"false\"")
    analytics = services.get("analytics-service", {})
    checkpoint = str((analytics.get("environment") or {}).get(CHECKPOINT_ENV, ""))
    named = [volume_parts(v) for v in analytics.get("volumes") or []]
    if not checkpoint or not any(not s.startswith(("/", ".")) and checkpoint.startswith(t) for s, t, _ in named):
        problems.append(f"{file}: analytics-service {CHECKPOINT_ENV}={checkpoint!r} is not on a named volume")
    return problems


def token_problems(file):
    """The token comes from SFCRIME_API_TOKEN with no default, so no secret is in the repository and none is guessed."""
    problems = []
    raw = yaml.safe_load(read(file))
    for name in SERVICES:
        env = (raw.get("services", {}).get(name) or {}).get("environment") or {}
        value = str(env.get(TOKEN_SETTING, ""))
        if not re.fullmatch(r"\$\{" + TOKEN_VARIABLE + r":\?[^}]+\}", value):
            problems.append(f"{file}: {name} {TOKEN_SETTING} is {value!r}, not ${{{TOKEN_VARIABLE}:?...}} "
                            f"(required, no default)")
    if file == COMPOSE_FILES[0]:
        result = run(["docker-compose", "-f", file, "config", "-q"], token=False)
        if result.returncode == 0 or TOKEN_VARIABLE not in result.stderr + result.stdout:
            problems.append(f"{file}: docker-compose config passes without {TOKEN_VARIABLE} (a default token?)")
    return problems


def kraft_problems(base, kraft):
    problems = []
    if "zookeeper" in kraft["services"]:
        problems.append("docker-compose.kraft.yml still has a zookeeper service")
    env = kraft["services"].get("kafka", {}).get("environment") or {}
    if env.get("KAFKA_PROCESS_ROLES") != "broker,controller":
        problems.append("docker-compose.kraft.yml: kafka KAFKA_PROCESS_ROLES is not broker,controller")
    if "KAFKA_ZOOKEEPER_CONNECT" in env:
        problems.append("docker-compose.kraft.yml: kafka still sets KAFKA_ZOOKEEPER_CONNECT")

    def rest(config):
        text = json.dumps({k: v for k, v in config["services"].items() if k not in ("zookeeper", "kafka")},
                          sort_keys=True)
        return json.loads(text.replace("analytics-kraft-data:", "analytics-data:"))

    base_rest, kraft_rest = rest(base), rest(kraft)
    for name in sorted(set(base_rest) | set(kraft_rest)):
        if base_rest.get(name) != kraft_rest.get(name):
            problems.append(f"service {name} differs between docker-compose.yml and docker-compose.kraft.yml "
                            f"(only the broker and the *-kraft volume names may differ)")
    return problems


def check_compose_files():
    configs = {}
    for file in COMPOSE_FILES:
        result = run(["docker-compose", "-f", file, "config", "-q"])
        check(f"docker-compose -f {file} config -q",
              [] if result.returncode == 0 else [(result.stderr or result.stdout).strip()])
        if result.returncode == 0:
            configs[file] = compose_config(file)
    for file, config in configs.items():
        check(f"{file}: healthchecks, service_healthy, pinned images, :ro configs, loopback ports",
              service_problems(file, config.get("services", {})))
        check(f"{file}: Kafka listeners, topic auto-creation off, service wiring, checkpoint volume",
              wiring_problems(file, config))
        check(f"{file}: the services' API token from {TOKEN_VARIABLE}, required, no default", token_problems(file))
    if len(configs) == 2:
        check("docker-compose.kraft.yml: KRaft broker, no ZooKeeper, rest identical to docker-compose.yml",
              kraft_problems(configs["docker-compose.yml"], configs["docker-compose.kraft.yml"]))
    return configs


# ------------------------------------------------------------------------------------------------- prometheus

def check_prometheus():
    result = run(["promtool", "check", "config", PROMETHEUS_CONFIG])
    check(f"promtool check config {PROMETHEUS_CONFIG}",
          [] if result.returncode == 0 else [(result.stdout + result.stderr).strip()])
    config = yaml.safe_load(read(PROMETHEUS_CONFIG))
    jobs = {job["job_name"]: job for job in config.get("scrape_configs", [])}
    problems = []
    for name, port in SERVICES.items():
        job = jobs.get(name)
        if job is None:
            problems.append(f"no scrape job {name}")
            continue
        if job.get("metrics_path") != "/actuator/prometheus":
            problems.append(f"job {name}: metrics_path is not /actuator/prometheus")
        targets = [t for sc in job.get("static_configs", []) for t in sc.get("targets", [])]
        if targets != [f"{name}:{port}"]:
            problems.append(f"job {name}: targets {targets}, expected ['{name}:{port}'] "
                            f"(scripts/prometheus-e2e.sh rewrites exactly that address)")
    check("prometheus.yml: one job per service at <service>:<port>/actuator/prometheus", problems)


# ------------------------------------------------------------------------------------------------ dockerfiles

def root_pom_spark_flags():
    namespace = {"m": "http://maven.apache.org/POM/4.0.0"}
    element = ElementTree.parse(path("pom.xml")).getroot().find("m:properties/m:spark.java17.flags", namespace)
    return element.text.split() if element is not None and element.text else []


def dockerfile_instructions(text):
    """(instruction, arguments) pairs with line continuations joined and comments left out."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line:
            keyword, _, args = line.partition(" ")
            out.append((keyword.upper(), args.strip()))
    return out


def dockerfile_problems(service, port, spark_flags):
    file = f"{service}/Dockerfile"
    if not os.path.exists(path(file)):
        return [f"{file} is missing"]
    instructions = dockerfile_instructions(read(file))
    problems = []
    stages = set()
    final_start = 0
    for index, (keyword, args) in enumerate(instructions):
        if keyword == "FROM":
            words = args.split()
            image = words[0]
            if image not in stages:
                problems += [f"{file}: {p}" for p in image_problems("FROM", image)]
            if len(words) >= 3 and words[1].upper() == "AS":
                stages.add(words[2])
            final_start = index
    final = instructions[final_start:]
    users = [args for keyword, args in final if keyword == "USER"]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.append(f"{file}: the final stage does not switch to a non-root USER")
    healthchecks = [args for keyword, args in final if keyword == "HEALTHCHECK"]
    if not healthchecks or "curl" not in healthchecks[-1] or "/actuator/health" not in healthchecks[-1]:
        problems.append(f"{file}: no HEALTHCHECK calling /actuator/health with curl")
    if not any(keyword == "RUN" and re.search(r"apt-get install[^&]*\bcurl\b", args) for keyword, args in final):
        problems.append(f"{file}: curl (the healthcheck's client) is not installed in the final stage")
    if not any("MaxRAMPercentage" in args for keyword, args in final if keyword in ("ENV", "ENTRYPOINT", "CMD")):
        problems.append(f"{file}: no container-aware heap (-XX:MaxRAMPercentage) in the final stage")
    if not any(keyword == "EXPOSE" and str(port) in args.split() for keyword, args in final):
        problems.append(f"{file}: does not EXPOSE {port}")
    entrypoints = [args for keyword, args in final if keyword == "ENTRYPOINT"]
    if not entrypoints:
        problems.append(f"{file}: no ENTRYPOINT")
    elif spark_flags is not None:
        try:
            command = json.loads(entrypoints[-1])
        except json.JSONDecodeError:
            return problems + [f"{file}: ENTRYPOINT is not in exec (JSON array) form"]
        missing = [flag for flag in spark_flags if flag not in command]
        if not spark_flags:
            problems.append("pom.xml: property spark.java17.flags not found")
        if missing:
            problems.append(f"{file}: ENTRYPOINT lacks the Java 17 flags {missing}")
        elif command.index("-jar") < max(command.index(flag) for flag in spark_flags):
            problems.append(f"{file}: the Java 17 flags come after -jar (they would be program arguments)")
    return problems


def check_dockerfiles():
    spark_flags = root_pom_spark_flags()
    for service, port in SERVICES.items():
        flags = spark_flags if service == "analytics-service" else None
        what = "pinned bases, non-root, curl HEALTHCHECK, MaxRAMPercentage, EXPOSE"
        if flags is not None:
            what += ", the root pom's Spark Java 17 flags"
        check(f"{service}/Dockerfile: {what}", dockerfile_problems(service, port, flags))
    ignore = [line.strip() for line in read(".dockerignore").splitlines()
              if line.strip() and not line.lstrip().startswith("#")]
    problems = []
    for needed in ("**/target/", ".git/"):
        if needed not in ignore:
            problems.append(f".dockerignore does not leave out {needed}")
    for kept in ("data/", "data", "mvnw", ".mvn/", ".mvn", "pom.xml"):
        if kept in ignore:
            problems.append(f".dockerignore leaves out {kept}, which the image build needs")
    check(".dockerignore: leaves out target/ and .git/, keeps data/ and the Maven wrapper", problems)


# ---------------------------------------------------------------------------------------------------- grafana

def walk_panels(panels):
    for panel in panels:
        yield panel
        yield from walk_panels(panel.get("panels", []))


def check_grafana(configs):
    problems = []
    datasources = yaml.safe_load(read(DATASOURCES)).get("datasources", [])
    prometheus_sources = [d for d in datasources if d.get("type") == "prometheus"]
    if len(prometheus_sources) != 1 or not prometheus_sources[0].get("uid"):
        check("grafana datasource: one Prometheus datasource with a fixed uid",
              [f"{DATASOURCES}: expected one prometheus datasource with a uid, found {prometheus_sources}"])
        return
    source = prometheus_sources[0]
    uid = source["uid"]
    check("grafana datasource: one Prometheus datasource with a fixed uid, pointing at prometheus:9090",
          [] if source.get("url") == "http://prometheus:9090" else [f"datasource url is {source.get('url')}"])
    try:
        dashboard = json.loads(read(DASHBOARD))
    except (OSError, json.JSONDecodeError) as error:
        check(f"{DASHBOARD} parses", [str(error)])
        return
    if dashboard.get("title") != "SF Crime Streaming":
        problems.append(f"dashboard title is {dashboard.get('title')!r}")
    queries = 0
    for panel in walk_panels(dashboard.get("panels", [])):
        if panel.get("type") == "row":
            continue
        title = panel.get("title", f"panel {panel.get('id')}")
        panel_uid = (panel.get("datasource") or {}).get("uid")
        if panel_uid != uid:
            problems.append(f"panel {title!r}: datasource uid {panel_uid!r}, provisioned uid is {uid!r}")
        targets = panel.get("targets") or []
        if not targets:
            problems.append(f"panel {title!r} has no query")
        for target in targets:
            queries += 1
            if (target.get("datasource") or {}).get("uid") != uid:
                problems.append(f"panel {title!r} query {target.get('refId')}: datasource uid is not {uid!r}")
            if not str(target.get("expr", "")).strip():
                problems.append(f"panel {title!r} query {target.get('refId')}: empty expression")
    if queries == 0:
        problems.append("the dashboard has no queries")
    check(f"{DASHBOARD}: parses, titled SF Crime Streaming, {queries} queries, all on datasource uid {uid!r}",
          problems)

    problems = []
    providers = yaml.safe_load(read(DASHBOARD_PROVIDERS)).get("providers", [])
    provider_paths = [p.get("options", {}).get("path") for p in providers]
    for file, config in configs.items():
        grafana = config.get("services", {}).get("grafana", {})
        mounts = [volume_parts(v) for v in grafana.get("volumes") or []]
        provisioning = [(s, t, m) for s, t, m in mounts if s.rstrip("/").endswith(GRAFANA_PROVISIONING)]
        if not provisioning:
            problems.append(f"{file}: grafana does not mount {GRAFANA_PROVISIONING}")
            continue
        target = provisioning[0][1].rstrip("/")
        if target + "/dashboards" not in provider_paths:
            problems.append(f"{file}: dashboard provider paths {provider_paths} are not {target}/dashboards")
        home = (grafana.get("environment") or {}).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", "")
        if home != target + "/dashboards/" + os.path.basename(DASHBOARD):
            problems.append(f"{file}: GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH {home!r} is not the dashboard")
        env = grafana.get("environment") or {}
        if str(env.get("GF_AUTH_ANONYMOUS_ENABLED")).lower() != "true" or env.get(
                "GF_AUTH_ANONYMOUS_ORG_ROLE") != "Viewer":
            problems.append(f"{file}: grafana anonymous access is not read-only Viewer")
    check("grafana provisioning: mounted where the providers and the home dashboard expect it", problems)


def main():
    print(f"check-compose: checking {ROOT}")
    have_compose = tool("docker-compose", "docker-compose")
    have_promtool = tool("promtool", "prometheus")
    configs = check_compose_files() if have_compose else {}
    if have_promtool:
        check_prometheus()
    check_dockerfiles()
    check_grafana(configs)
    failed = [name for name, problems in results if problems]
    print(f"check-compose: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
