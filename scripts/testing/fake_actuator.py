#!/usr/bin/env python3
"""A stand-in for the three services' /actuator/prometheus, used ONLY to test scripts/prometheus-e2e.sh itself
(scripts/prometheus-e2e-selftest.sh). It says nothing about the real services: it publishes the metric names
the dashboard was built from, as planned, so that the checker can be shown to pass on them and to fail, naming
the expression, when one is left out (--omit). The real check runs against the live services.

Usage: fake_actuator.py --ports-file FILE [--omit METRIC ...]
Serves on three free loopback ports, writes "ingest=127.0.0.1:P" (and verify=, analytics=) lines to FILE,
and runs until killed (or --max-seconds, default 300, so a forgotten one stops by itself).
"""

import argparse
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

START = time.time()


def exposition(application, omit):
    """Prometheus text exposition; counters grow with time so rate() has something to show."""
    t = time.time() - START
    lines = []

    def metric(name, kind, samples):
        if name in omit:
            return
        lines.append(f"# TYPE {name} {kind}")
        for labels, value in samples:
            label_text = ",".join(f'{k}="{v}"' for k, v in {**labels, "application": application}.items())
            lines.append(f"{name}{{{label_text}}} {value}")

    def histogram_timer(name, labels, count, total, maximum):
        metric(f"{name}_seconds_max", "gauge", [(labels, maximum)])
        if f"{name}_seconds" in omit:
            return
        lines.append(f"# TYPE {name}_seconds summary")
        label_text = ",".join(f'{k}="{v}"' for k, v in {**labels, "application": application}.items())
        lines.append(f"{name}_seconds_count{{{label_text}}} {count}")
        lines.append(f"{name}_seconds_sum{{{label_text}}} {total}")

    if application == "ingest-service":
        metric("sfcrime_replay_events_sent_total", "counter", [({}, 1000 * t)])
        metric("sfcrime_replay_events_failed_total", "counter", [({}, 0)])
        metric("sfcrime_replay_events_skipped_total", "counter", [({}, 0)])
        metric("sfcrime_replay_state", "gauge",
               [({"state": s}, 1 if s == "RUNNING" else 0) for s in ("IDLE", "RUNNING", "STOPPED", "COMPLETED",
                                                                      "FAILED")])
        metric("sfcrime_replay_events_per_second", "gauge", [({}, 1000)])
        metric("sfcrime_replay_progress", "gauge", [({}, min(1.0, t / 200))])
        metric("kafka_producer_record_send_total", "counter", [({"client_id": "producer-1"}, 1000 * t)])
        metric("kafka_producer_request_latency_avg", "gauge", [({"client_id": "producer-1"}, 3.5)])
    elif application == "verify-service":
        metric("sfcrime_verify_events_total", "counter",
               [({"result": "valid"}, 990 * t), ({"result": "invalid"}, 0)])
        metric("sfcrime_verify_duplicates_total", "counter", [({}, 4)])
        metric("sfcrime_verify_lag", "gauge", [({"partition": str(p)}, 10) for p in range(3)])
        histogram_timer("spring_kafka_listener", {"name": "verify-0", "result": "success"}, 990 * t,
                        0.0001 * 990 * t, 0.01)
    else:
        for name, value in (("sfcrime_spark_input_rows_per_second", 5000),
                            ("sfcrime_spark_processed_rows_per_second", 4800),
                            ("sfcrime_spark_batch_input_rows", 20000), ("sfcrime_spark_state_rows", 1200),
                            ("sfcrime_spark_query_active", 1)):
            metric(name, "gauge", [({}, value)])
        for name, value in (("sfcrime_spark_late_rows_total", 0), ("sfcrime_spark_malformed_rows_total", 0),
                            ("sfcrime_spark_batches_total", int(t / 5))):
            metric(name, "counter", [({}, value)])
        metric("sfcrime_spark_offset_lag", "gauge", [({"topic": "police.department.calls"}, 100)])
        histogram_timer("sfcrime_spark_batch_duration", {}, int(t / 5), 0.3 * int(t / 5), 0.4)
    metric("jvm_memory_used_bytes", "gauge", [({"area": "heap", "id": "G1 Eden Space"}, 1.0e8)])
    histogram_timer("jvm_gc_pause", {"action": "end of minor GC", "cause": "G1 Evacuation Pause"}, int(t),
                    0.005 * int(t), 0.01)
    metric("process_uptime_seconds", "gauge", [({}, t)])
    return "\n".join(lines) + "\n"


def serve(application, omit):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] != "/actuator/prometheus":
                self.send_error(404)
                return
            body = exposition(application, omit).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ports-file", required=True)
    parser.add_argument("--omit", action="append", default=[])
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()
    ports = {key: serve(app, set(args.omit)) for key, app in
             (("ingest", "ingest-service"), ("verify", "verify-service"), ("analytics", "analytics-service"))}
    with open(args.ports_file + ".tmp", "w") as f:
        for key, port in ports.items():
            f.write(f"{key}=127.0.0.1:{port}\n")
    os.replace(args.ports_file + ".tmp", args.ports_file)
    time.sleep(args.max_seconds)


if __name__ == "__main__":
    main()
