#!/usr/bin/env python3
"""Runs the brokers of docker-compose.yml and docker-compose.kraft.yml WITHOUT Docker and checks them.

For each compose file it reads the zookeeper and kafka services (as `docker-compose config` normalises them),
turns their KAFKA_* environment into server.properties the way the Confluent and Apache images do
(KAFKA_FOO_BAR -> foo.bar), and runs the same Kafka release from Maven Central jars (cp-kafka 7.9.x is Apache
Kafka 3.9.x; apache/kafka:X is Kafka X) inside a private network and mount namespace (unshare, as root), where
the names kafka and zookeeper resolve to loopback and the ports cannot clash with anything on the machine.
There it checks:
- the compose ZooKeeper healthcheck command fails before ZooKeeper runs and passes once it serves;
- the compose Kafka healthcheck command (its topic tool run from the jars) passes once the broker is up;
- a topic created on the internal listener (kafka:29092) shows on the host listener, which advertises
  localhost:9092 (kcat -L);
- producing to a topic that does not exist fails (automatic topic creation is off).
What it cannot check: the images themselves (their entry scripts, tools and users).

Usage: python3 scripts/kafka_brokers_check.py   (scripts/kafka-brokers-check.sh)
Needs: root (unshare), java 17, docker-compose, kcat, python3-yaml; downloads the Kafka jars once into
${XDG_CACHE_HOME:-~/.cache}/sfcrime-kafka-jars through ./mvnw.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "sfcrime-kafka-jars")
TOPIC_TOOL = "org.apache.kafka.tools.TopicCommand"
results = []


def report(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)


def kafka_version(image):
    name, _, tag = image.rpartition(":")
    if name.endswith("confluentinc/cp-kafka"):
        major, minor, patch = tag.split(".")[:3]
        return f"{int(major) - 4}.{minor}.{patch}"  # Confluent Platform 7.x.y ships Apache Kafka 3.x.y
    if name.endswith("apache/kafka"):
        return tag
    raise SystemExit(f"kafka-brokers-check: unknown Kafka image {image}")


def jars(version):
    target = os.path.join(CACHE, version)
    if os.path.isdir(target) and any(f.startswith("kafka_2.13") for f in os.listdir(target)):
        return target
    work = tempfile.mkdtemp()
    with open(os.path.join(work, "pom.xml"), "w") as f:
        f.write(f"""<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>kafka-jars</artifactId><version>1</version><dependencies>
<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>{version}</version></dependency>
<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>{version}</version></dependency>
</dependencies></project>""")
    subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-ntp", "-f", os.path.join(work, "pom.xml"),
                    "dependency:copy-dependencies", f"-DoutputDirectory={target}"], check=True, timeout=600)
    shutil.rmtree(work)
    return target


def server_properties(env, data_dir):
    lines = []
    for key, value in env.items():
        if not key.startswith("KAFKA_") or key in ("KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS"):
            continue
        name = key[len("KAFKA_"):].lower().replace("___", "-").replace("__", "\0").replace("_", ".")
        lines.append(f"{name.replace(chr(0), '_')}={value}")
    lines = [line for line in lines if not line.startswith("log.dirs=")] + [f"log.dirs={data_dir}"]
    return "\n".join(lines) + "\n"


def shell_of(test):
    """A compose healthcheck test as one shell command."""
    if test[0] == "CMD-SHELL":
        return test[1]
    return shlex.join(test[1:])


def with_jar_tool(command, lib):
    """The compose Kafka healthcheck with the image's topic tool replaced by the same tool from the jars."""
    java = f"java -Xmx128m -cp {shlex.quote(lib + '/*')} {TOPIC_TOOL}"
    return re.sub(r"(?:KAFKA_HEAP_OPTS=(?:'[^']*'|\S+) )?(?:/opt/kafka/bin/kafka-topics\.sh|kafka-topics)", java, command)


def wait(command, seconds, cwd):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, timeout=60).returncode == 0:
            return True
        time.sleep(1)
    return False


def compose_env():
    """The caller's environment with a placeholder API token: the compose files require one (none is used here)."""
    return {"SFCRIME_API_TOKEN": "kafka-brokers-check-placeholder", **os.environ}


def inner(file):
    """Runs inside the private namespaces."""
    config = yaml.safe_load(subprocess.run(["docker-compose", "-f", file, "config"], cwd=ROOT, capture_output=True,
                                           text=True, check=True, env=compose_env()).stdout)
    services = config["services"]
    kafka = services["kafka"]
    version = kafka_version(kafka["image"])
    lib = os.environ["SFCRIME_KAFKA_LIB"]
    work = tempfile.mkdtemp()
    hosts = os.path.join(work, "hosts")
    with open(hosts, "w") as f:
        f.write(f"127.0.0.1 localhost kafka zookeeper {os.uname().nodename}\n")
    subprocess.run(["mount", "--bind", hosts, "/etc/hosts"], check=True)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    processes = []
    log4j = os.path.join(work, "log4j.properties")
    with open(log4j, "w") as f:
        f.write("log4j.rootLogger=WARN, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n")
    java = ["java", "-Xmx512m", f"-Dlog4j.configuration=file:{log4j}", "-cp", lib + "/*"]
    try:
        zookeeper = services.get("zookeeper")
        if zookeeper:
            env = zookeeper["environment"]
            check = shell_of(zookeeper["healthcheck"]["test"])
            report(f"{file}: zookeeper healthcheck fails while ZooKeeper is not running",
                   not wait(check, 1, work))
            with open(os.path.join(work, "zoo.cfg"), "w") as f:
                f.write(f"dataDir={work}/zookeeper\nclientPort={env['ZOOKEEPER_CLIENT_PORT']}\n"
                        f"tickTime={env.get('ZOOKEEPER_TICK_TIME', 2000)}\nadmin.enableServer=false\n")
            processes.append(subprocess.Popen(
                java + str(env.get("KAFKA_OPTS", "")).split() + ["org.apache.zookeeper.server.quorum.QuorumPeerMain",
                                                                 "zoo.cfg"],
                cwd=work, stdout=open(os.path.join(work, "zookeeper.log"), "w"), stderr=subprocess.STDOUT))
            report(f"{file}: zookeeper healthcheck passes once ZooKeeper serves", wait(check, 40, work))
        env = kafka["environment"]
        with open(os.path.join(work, "server.properties"), "w") as f:
            f.write(server_properties(env, os.path.join(work, "kafka-data")))
        if "KAFKA_PROCESS_ROLES" in env:
            subprocess.run(java + ["kafka.tools.StorageTool", "format", "-t", env["CLUSTER_ID"], "-c",
                                   "server.properties"], cwd=work, check=True, capture_output=True, timeout=120)
        processes.append(subprocess.Popen(java + ["kafka.Kafka", "server.properties"], cwd=work,
                                          stdout=open(os.path.join(work, "kafka.log"), "w"),
                                          stderr=subprocess.STDOUT))
        check = with_jar_tool(shell_of(kafka["healthcheck"]["test"]), lib)
        up = wait(check, 90, work)
        report(f"{file}: kafka healthcheck ({TOPIC_TOOL} from Kafka {version} jars) passes once the broker is up",
               up)
        if not up:
            print(open(os.path.join(work, "kafka.log")).read()[-3000:])
            return
        create = subprocess.run(["bash", "-c", check.replace("--list", "--create --topic police.department.calls "
                                                              "--partitions 3 --replication-factor 1")],
                                cwd=work, capture_output=True, text=True, timeout=60)
        metadata = subprocess.run(["kcat", "-b", "localhost:9092", "-L", "-m", "10"], capture_output=True,
                                  text=True, timeout=30).stdout
        report(f"{file}: topic created on kafka:29092 seen on the host listener, which advertises localhost:9092",
               create.returncode == 0 and "broker 1 at localhost:9092" in metadata
               and '"police.department.calls" with 3 partitions' in metadata,
               " / ".join(line.strip() for line in metadata.strip().splitlines()[1:3]))
        produce = subprocess.run(["kcat", "-b", "localhost:9092", "-P", "-t", "no.such.topic",
                                  "-X", "topic.metadata.propagation.max.ms=5000",
                                  "-X", "message.timeout.ms=20000"],
                                 input="{}\n", capture_output=True, text=True, timeout=40)
        topics = subprocess.run(["bash", "-c", check.replace(">/dev/null", "")], cwd=work, capture_output=True,
                                text=True, timeout=60).stdout.split()
        report(f"{file}: producing to a missing topic fails and creates nothing (automatic topic creation off)",
               "Delivery failed" in produce.stderr and "no.such.topic" not in topics,
               f"{produce.stderr.strip()[:90]}; topics now {topics}")
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--inner":
        inner(sys.argv[2])
        return 0 if all(results) else 1
    for tool, package in (("docker-compose", "docker-compose"), ("kcat", "kcat"), ("java", "openjdk-17-jre"),
                          ("unshare", "util-linux"), ("ip", "iproute2")):
        if shutil.which(tool) is None:
            print(f"kafka-brokers-check: {tool} not found (apt-get install -y --no-install-recommends {package})")
            print("kafka-brokers-check: 0 passed, 1 failed")
            return 1
    if subprocess.run(["unshare", "-m", "-n", "true"], capture_output=True).returncode != 0:
        print("kafka-brokers-check: cannot create a private network namespace (needs root)")
        print("kafka-brokers-check: 0 passed, 1 failed")
        return 1
    status_lines = []
    for file in ("docker-compose.yml", "docker-compose.kraft.yml"):
        config = yaml.safe_load(subprocess.run(["docker-compose", "-f", file, "config"], cwd=ROOT,
                                               capture_output=True, text=True, check=True, env=compose_env()).stdout)
        lib = jars(kafka_version(config["services"]["kafka"]["image"]))
        run = subprocess.run(["unshare", "-m", "-n", sys.executable, os.path.abspath(__file__), "--inner", file],
                             env={**os.environ, "SFCRIME_KAFKA_LIB": lib}, capture_output=True, text=True,
                             timeout=300)
        print(run.stdout, end="")
        status_lines += [line for line in run.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
        if run.returncode != 0 and not any(line.startswith("FAIL") for line in run.stdout.splitlines()):
            status_lines.append("FAIL")
            print(f"FAIL {file}: the check itself failed:\n{run.stderr[-2000:]}")
    failed = sum(1 for line in status_lines if line.startswith("FAIL"))
    print(f"kafka-brokers-check: {len(status_lines) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
