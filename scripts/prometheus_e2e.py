#!/usr/bin/env python3
"""The checking half of scripts/prometheus-e2e.sh (which starts and always stops the Prometheus it talks to).

Against a running Prometheus: waits until every scrape job is up, then runs every PromQL expression of the
Grafana dashboard through /api/v1/query and fails, naming the panel and the expression, if one returns no
data. Also checks that each job publishes its heap tagged application=<job> (management.metrics.tags.application),
so the per-application JVM panels cover every service.
Every wait is bounded by --deadline (seconds since the epoch).
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

# Grafana's built-in interval variables, replaced by what Grafana would use for a 15-minute view at 5 s scrapes.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__interval": "15s", "$__range": "15m"}


def get(url, params=None, timeout=5):
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def prometheus_alive(pid):
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def wait_ready(base, deadline, pid):
    while time.time() < deadline and prometheus_alive(pid):
        try:
            urllib.request.urlopen(base + "/-/ready", timeout=2).read()
            return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    return False


def wait_jobs_up(base, jobs, deadline, pid):
    """Returns {job: (health, lastError, scrapeUrl)} as last seen; all 'up' on success."""
    seen = {}
    while time.time() < deadline and prometheus_alive(pid):
        try:
            targets = get(base + "/api/v1/targets", {"state": "active"})["data"]["activeTargets"]
        except (urllib.error.URLError, OSError, KeyError, ValueError):
            targets = []
        seen = {t["labels"].get("job"): (t.get("health"), t.get("lastError", ""), t.get("scrapeUrl", ""))
                for t in targets}
        if all(seen.get(job, ("",))[0] == "up" for job in jobs):
            return seen
        time.sleep(1)
    return seen


def walk_panels(panels):
    for panel in panels:
        yield panel
        yield from walk_panels(panel.get("panels", []))


def dashboard_queries(path):
    """[(name, expression)] for every query of every panel, Grafana's interval variables filled in."""
    with open(path, encoding="utf-8") as f:
        dashboard = json.load(f)
    queries = []
    for panel in walk_panels(dashboard.get("panels", [])):
        for target in panel.get("targets", []) or []:
            expr = str(target.get("expr", "")).strip()
            if not expr:
                continue
            for variable, value in GRAFANA_VARIABLES.items():
                expr = expr.replace(variable, value)
            queries.append((f"panel {panel.get('title')!r} query {target.get('refId')}", expr))
    return queries


def label_queries(jobs):
    """The dashboard groups by the application tag: each job's heap must be there under its own name."""
    return [(f"job {job} publishes heap with application={job!r}",
             f'count by (job) (jvm_memory_used_bytes{{job="{job}", application="{job}", area="heap"}})')
            for job in jobs]


def query(base, expr):
    """(has_data, detail)."""
    try:
        answer = get(base + "/api/v1/query", {"query": expr})
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        try:
            return False, json.loads(body).get("error", body)
        except ValueError:
            return False, body
    except (urllib.error.URLError, OSError) as error:
        return False, str(error)
    if answer.get("status") != "success":
        return False, answer.get("error", "query failed")
    result = answer["data"]["result"]
    if answer["data"]["resultType"] in ("scalar", "string"):
        return True, f"{answer['data']['resultType']} {result[1]}"
    if not result:
        return False, "no data"
    first = result[0]
    value = first.get("value", first.get("values", [[None, None]])[-1])[1]
    labels = {k: v for k, v in first.get("metric", {}).items() if k != "__name__"}
    return True, f"{len(result)} series, e.g. {labels} = {value}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="Prometheus base URL")
    parser.add_argument("--dashboard", required=True)
    parser.add_argument("--jobs", required=True, help="comma-separated scrape job names")
    parser.add_argument("--deadline", type=float, required=True, help="epoch seconds: give up after this")
    parser.add_argument("--query-wait", type=float, default=45,
                        help="seconds after every job is up during which empty queries are retried "
                             "(rate() needs two scrapes; counters may appear with the first events)")
    parser.add_argument("--pid", type=int, help="Prometheus's pid: stop waiting if it died")
    args = parser.parse_args()
    jobs = args.jobs.split(",")
    base = args.url.rstrip("/")

    if not wait_ready(base, args.deadline, args.pid):
        print(f"prometheus-e2e: FAIL Prometheus at {base} never became ready")
        print("prometheus-e2e: 0 passed, 1 failed")
        return 1
    seen = wait_jobs_up(base, jobs, args.deadline, args.pid)
    down = [job for job in jobs if seen.get(job, ("",))[0] != "up"]
    for job in jobs:
        health, error, url = seen.get(job, ("absent", "", ""))
        print(f"{'PASS' if job not in down else 'FAIL'} job {job} up ({url or 'no target'}: {health}"
              f"{'; ' + error if error else ''})")
    if down:
        print(f"prometheus-e2e: {len(jobs) - len(down)} passed, {len(down)} failed "
              f"(jobs not up: {', '.join(down)}; are the services running?)")
        return 1

    queries = label_queries(jobs) + dashboard_queries(args.dashboard)
    unresolved = [(name, expr) for name, expr in queries if "$" in expr]
    pending = {name: expr for name, expr in queries if "$" not in expr}
    passed = {}
    last = {}
    wait_until = min(args.deadline, time.time() + args.query_wait)
    while pending:
        for name, expr in list(pending.items()):
            ok, detail = query(base, expr)
            last[name] = detail
            if ok:
                passed[name] = detail
                del pending[name]
        if not pending or time.time() >= wait_until or not prometheus_alive(args.pid):
            break
        time.sleep(2)

    for name, expr in queries:
        if name in passed:
            print(f"PASS {name}: {expr}  -> {passed[name]}")
    failures = [(name, expr, last.get(name, "not run")) for name, expr in pending.items()]
    failures += [(name, expr, "uses a dashboard variable this check cannot fill in") for name, expr in unresolved]
    for name, expr, detail in failures:
        print(f"FAIL {name}: {expr}  -> {detail}")
    total_passed = len(jobs) + len(passed)
    print(f"prometheus-e2e: {total_passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
