package io.sfcrime.analytics.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.analytics.AnalyticsApplication;
import io.sfcrime.analytics.Replays;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.CallsTopics;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.bench.BenchmarkReport;
import io.sfcrime.testkit.bench.Machine;
import io.sfcrime.testkit.bench.MarkdownTable;
import io.sfcrime.testkit.bench.Samples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Live latency: the real analytics service (Spring context, SparkSession, Kafka source,
 * both sinks, REST) at its shipped defaults but for the trigger interval under test, on
 * the embedded broker, while a paced producer sends the real file's calls oldest first at
 * each rate. For every event sent in a measured run, the delay from its send to the first
 * poll of {@code /api/analytics/calls-per-window} whose count for the event's window
 * includes it (the window's count reaches the number of its events sent up to this one).
 * A separate thread polls every {@value #POLL_MS} ms, so a delay is known to within one
 * poll interval plus one request. Each trigger interval gets a fresh service, topic and
 * checkpoint; the rates follow each other in it, each after a drain (every event sent so
 * far visible), the first after a warm-up run. Not part of {@code verify}; the benchmark
 * profile runs it:
 *
 * <pre>./mvnw -B -ntp -Pbenchmark -pl ingest-service,analytics-service -am verify</pre>
 *
 * {@code -Dbenchmark.runs=N} measured runs a cell (default 3),
 * {@code -Dbenchmark.calls=N} the oldest N calls at most,
 * {@code -Dbenchmark.latency.seconds=S} a run's length (default 5). Writes
 * {@code target/benchmark/latency.md} and its chart.
 */
class LiveLatencyBenchmark {

    private static final Logger log = LoggerFactory.getLogger(LiveLatencyBenchmark.class);

    static final long POLL_MS = 50;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final AtomicInteger CELLS = new AtomicInteger();

    /**
     * @param calls the oldest N calls of the file at most
     * @param runs measured runs a cell
     * @param runSeconds how long a run sends
     * @param warmUpSeconds how long the first rate sends before its runs, in a fresh JVM
     * and service; each later rate sends for a second before its runs
     * @param rates events per second, one after the other in each service
     * @param triggers trigger intervals, a fresh service each
     */
    record Knobs(int calls, int runs, double runSeconds, double warmUpSeconds, List<Integer> rates,
            List<Duration> triggers) {

        static Knobs fromSystemProperties() {
            return new Knobs(Integer.getInteger("benchmark.calls", RealCalls.TOTAL),
                    Integer.getInteger("benchmark.runs", 3),
                    Double.parseDouble(System.getProperty("benchmark.latency.seconds", "5")),
                    Double.parseDouble(System.getProperty("benchmark.latency.warm-up-seconds", "10")),
                    List.of(1_000, 10_000), List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(2)));
        }

    }

    /**
     * What a run of the benchmark left, for its test.
     *
     * @param report the Markdown file
     * @param rows the rows of its table
     * @param sent the calls each service was sent, oldest first, by trigger interval
     * @param counted each service's calls per window over REST at the end
     */
    record Result(Path report, int rows, Map<Duration, List<Call>> sent,
            Map<Duration, Map<LocalDateTime, Long>> counted) {
    }

    @Test
    void measure() {
        Result result = run(Knobs.fromSystemProperties(), Path.of("target", "benchmark"));
        log.info("Latency benchmark written to {}", result.report().toAbsolutePath());
    }

    static Result run(Knobs knobs, Path dir) {
        List<Call> calls = RealCalls.inEventTimeOrder().subList(0, Math.min(knobs.calls(), RealCalls.TOTAL));
        MarkdownTable table = new MarkdownTable("rate (events/s)", "trigger", "events measured", "p50 ms", "p95 ms",
                "p99 ms", "batches", "batch ms, median [max]", "poll ms, median");
        Map<String, List<Double>> chart = new LinkedHashMap<>();
        List<String> categories = new ArrayList<>();
        Map<Duration, List<Call>> sent = new LinkedHashMap<>();
        Map<Duration, Map<LocalDateTime, Long>> counted = new LinkedHashMap<>();
        for (Duration trigger : knobs.triggers()) {
            Service service = new Service(trigger, calls, knobs);
            try {
                for (Cell cell : service.measure()) {
                    table.row(String.format(Locale.ROOT, "%,d", cell.rate()), trigger.toMillis() + " ms", cell.events(),
                            cell.p50().medianAndRange(), cell.p95().medianAndRange(), cell.p99().medianAndRange(),
                            cell.batches().count(),
                            Samples.format(cell.batches().median()) + " [" + Samples.format(cell.batches().max()) + "]",
                            Samples.format(cell.polls().median()));
                    categories.add(String.format(Locale.ROOT, "%,d/s, trigger %d ms", cell.rate(), trigger.toMillis()));
                    chart.computeIfAbsent("p50", key -> new ArrayList<>()).add(cell.p50().median());
                    chart.computeIfAbsent("p95", key -> new ArrayList<>()).add(cell.p95().median());
                    chart.computeIfAbsent("p99", key -> new ArrayList<>()).add(cell.p99().median());
                }
                sent.put(trigger, service.sent());
                counted.put(trigger, service.windowCounts());
            }
            finally {
                service.close();
            }
        }
        BenchmarkReport report = new BenchmarkReport(
                "Live latency: from an event's send to its window's count over REST", Machine.current())
            .text(String.format(Locale.ROOT,
                    "The real analytics service at its shipped defaults but for the trigger interval, on the "
                            + "embedded broker, a fresh service, topic and checkpoint per trigger interval. A paced "
                            + "producer (`PlainProducer`: acks=all, linger 10 ms, lz4) sends the real calls oldest "
                            + "first; each rate runs %d measured runs of %.1f s after a warm-up of %.1f s (the first "
                            + "rate) or of 1 s (the next), each after a drain (every event sent so far visible). Per event: from `send()` to the first poll of "
                            + "`/api/analytics/calls-per-window` (every %d ms, from a thread of its own) whose count "
                            + "for the event's window includes it. Percentiles of each run; each cell shows their "
                            + "median [min-max] over the runs. Batches: Spark's `triggerExecution` of the batches "
                            + "with input during the measured runs. Poll ms: one request's duration (the resolution "
                            + "is one poll interval plus that).",
                    knobs.runs(), knobs.runSeconds(), knobs.warmUpSeconds(), POLL_MS))
            .table(table)
            .barChart("latency", "Live latency (median over runs)", "ms", categories, new LinkedHashMap<>(chart));
        log.info("Latency benchmark:\n{}", report);
        return new Result(report.write(dir, "latency"), table.rowCount(), sent, counted);
    }

    /**
     * One cell's figures.
     *
     * @param events events measured over all its runs
     * @param p50 each run's median delay, ms
     * @param batches the duration of each batch with input, ms
     * @param polls each poll's duration, ms
     */
    record Cell(int rate, long events, Samples p50, Samples p95, Samples p99, Samples batches, Samples polls) {
    }

    /** The analytics service under one trigger interval, its topic and its tracker. */
    private static final class Service implements AutoCloseable {

        private final Duration trigger;

        private final List<Call> calls;

        private final Knobs knobs;

        private final String topic;

        private final ConfigurableApplicationContext context;

        private final String windowsUrl;

        private final HttpClient http = HttpClient.newHttpClient();

        private final Tracker tracker = new Tracker();

        private final List<Double> pollMs = new ArrayList<>();

        private final PlainProducer producer;

        private int next;

        Service(Duration trigger, List<Call> calls, Knobs knobs) {
            this.trigger = trigger;
            this.calls = calls;
            this.knobs = knobs;
            int cell = CELLS.incrementAndGet();
            this.topic = "calls.latency." + cell;
            CallsTopics.create(Replays.brokers(), this.topic);
            this.context = new SpringApplicationBuilder(AnalyticsApplication.class).run("--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + Replays.brokers(),
                    "--sfcrime.analytics.spark.ui-enabled=false",
                    "--sfcrime.analytics.query.trigger-interval=" + trigger.toMillis() + "ms",
                    "--sfcrime.analytics.source.topic=" + this.topic,
                    "--sfcrime.analytics.sink.topic=aggregates.latency." + cell,
                    "--sfcrime.analytics.data-dir=target/benchmark-data/" + UUID.randomUUID());
            this.windowsUrl = "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port")
                    + "/api/analytics/calls-per-window";
            this.producer = new PlainProducer(Replays.brokers());
            await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> get(this.windowsUrl) != null && SparkSession.active().streams().active().length == 1);
        }

        List<Cell> measure() {
            List<Cell> cells = new ArrayList<>();
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "latency-poller");
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleAtFixedRate(this::poll, 0, POLL_MS, TimeUnit.MILLISECONDS);
            try {
                boolean first = true;
                for (int rate : this.knobs.rates()) {
                    send(rate, first ? this.knobs.warmUpSeconds() : 1, Tracker.UNMEASURED);
                    first = false;
                    drain();
                    long batchesFrom = System.currentTimeMillis();
                    List<Integer> runs = new ArrayList<>();
                    for (int i = 0; i < this.knobs.runs(); i++) {
                        runs.add(send(rate, this.knobs.runSeconds(), this.tracker.newRun()));
                    }
                    drain();
                    cells.add(cell(rate, runs, batchesFrom));
                }
            }
            finally {
                poller.shutdownNow();
            }
            return cells;
        }

        /**
         * Sends one run's events at the rate, on an absolute schedule; answers the run.
         */
        private int send(int rate, double seconds, int run) {
            int events = (int) Math.min(Math.round(rate * seconds), this.calls.size() - this.next);
            if (events <= 0) {
                throw new IllegalStateException("No calls left for a run at " + rate + " events/s: give more calls "
                        + "(benchmark.calls) or shorter runs (benchmark.latency.seconds)");
            }
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long due = start + (long) (i * 1e9 / rate);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                Call call = this.calls.get(this.next++);
                this.tracker.sending(call.callDateTime().truncatedTo(ChronoUnit.HOURS), run);
                this.producer.sendCallNow(this.topic, call);
            }
            return run;
        }

        /** Until every event sent so far is visible over REST. */
        private void drain() {
            await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(POLL_MS))
                .until(this.tracker::allVisible);
        }

        /**
         * One poll: the windows with events not yet visible, and what REST counts in
         * them.
         */
        private void poll() {
            Tracker.Range range = this.tracker.pending();
            if (range == null) {
                return;
            }
            long start = System.nanoTime();
            try {
                JsonNode windows = get(this.windowsUrl + "?from=" + range.from() + "&to=" + range.to());
                long seen = System.nanoTime();
                if (windows == null) {
                    return;
                }
                Map<LocalDateTime, Long> counts = new HashMap<>();
                windows.forEach(window -> counts.put(LocalDateTime.parse(window.get("windowStart").asText()),
                        window.get("count").asLong()));
                this.tracker.seen(counts, seen);
                synchronized (this.pollMs) {
                    this.pollMs.add((seen - start) / 1e6);
                }
            }
            catch (IOException | RuntimeException ex) {
                log.warn("Poll failed: {}", ex.toString());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        private JsonNode get(String url) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? MAPPER.readTree(response.body()) : null;
        }

        private Cell cell(int rate, List<Integer> runs, long batchesFrom) {
            List<Double> p50 = new ArrayList<>();
            List<Double> p95 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            long events = 0;
            for (int run : runs) {
                Samples delays = Samples.of(this.tracker.delaysMs(run));
                events += delays.count();
                p50.add(delays.percentile(50));
                p95.add(delays.percentile(95));
                p99.add(delays.percentile(99));
            }
            StreamingQuery query = SparkSession.active().streams().active()[0];
            double[] batchMs = Arrays.stream(query.recentProgress())
                .filter(p -> p.numInputRows() > 0)
                .filter(p -> Instant.parse(p.timestamp()).toEpochMilli() >= batchesFrom)
                .mapToDouble(p -> p.durationMs().get("triggerExecution"))
                .toArray();
            Samples polls;
            synchronized (this.pollMs) {
                polls = Samples.of(this.pollMs);
                this.pollMs.clear();
            }
            log.info("rate {}/s, trigger {}: p50 {} p95 {} p99 {} ms over {} events", rate, this.trigger,
                    Samples.of(p50).medianAndRange(), Samples.of(p95).medianAndRange(),
                    Samples.of(p99).medianAndRange(), events);
            return new Cell(rate, events, Samples.of(p50), Samples.of(p95), Samples.of(p99),
                    batchMs.length == 0 ? Samples.of(0) : Samples.of(batchMs), polls);
        }

        List<Call> sent() {
            return this.calls.subList(0, this.next);
        }

        /** The calls per window REST answers now, every window. */
        Map<LocalDateTime, Long> windowCounts() {
            try {
                Map<LocalDateTime, Long> counts = new TreeMap<>();
                get(this.windowsUrl).forEach(window -> counts
                    .put(LocalDateTime.parse(window.get("windowStart").asText()), window.get("count").asLong()));
                return counts;
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public void close() {
            this.producer.close();
            this.context.close();
        }

    }

    /**
     * The events sent, window by window in send order, and when each became visible: the
     * sender adds, the poller marks.
     */
    static final class Tracker {

        /** The events of a warm-up, or of the second before a later rate's runs. */
        static final int UNMEASURED = -1;

        /**
         * @param from the first window with events not yet visible; {@code to} exclusive
         */
        record Range(LocalDateTime from, LocalDateTime to) {
        }

        private static final class Window {

            long[] sentNanos = new long[64];

            int[] runs = new int[64];

            int sent;

            int visible;

        }

        private final TreeMap<LocalDateTime, Window> windows = new TreeMap<>();

        private final Map<Integer, List<Double>> delays = new HashMap<>();

        private int runs;

        synchronized int newRun() {
            this.delays.put(this.runs, new ArrayList<>());
            return this.runs++;
        }

        synchronized void sending(LocalDateTime window, int run) {
            Window events = this.windows.computeIfAbsent(window, key -> new Window());
            if (events.sent == events.sentNanos.length) {
                events.sentNanos = Arrays.copyOf(events.sentNanos, events.sent * 2);
                events.runs = Arrays.copyOf(events.runs, events.sent * 2);
            }
            events.sentNanos[events.sent] = System.nanoTime();
            events.runs[events.sent++] = run;
        }

        /**
         * A window's count is the number of its events visible: the first that many sent.
         */
        synchronized void seen(Map<LocalDateTime, Long> counts, long atNanos) {
            counts.forEach((start, count) -> {
                Window events = this.windows.get(start);
                if (events == null) {
                    return;
                }
                int visible = (int) Math.min(count, events.sent);
                for (int i = events.visible; i < visible; i++) {
                    List<Double> run = this.delays.get(events.runs[i]);
                    if (run != null) {
                        run.add((atNanos - events.sentNanos[i]) / 1e6);
                    }
                }
                events.visible = Math.max(events.visible, visible);
            });
        }

        synchronized Range pending() {
            LocalDateTime from = null;
            for (Map.Entry<LocalDateTime, Window> window : this.windows.entrySet()) {
                if (window.getValue().visible < window.getValue().sent) {
                    from = window.getKey();
                    break;
                }
            }
            return from == null ? null : new Range(from, this.windows.lastKey().plusHours(1));
        }

        synchronized boolean allVisible() {
            return pending() == null;
        }

        synchronized List<Double> delaysMs(int run) {
            return List.copyOf(this.delays.get(run));
        }

    }

}
