package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.IngestApplication;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.CallsTopics;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.bench.BenchmarkReport;
import io.sfcrime.testkit.bench.Machine;
import io.sfcrime.testkit.bench.MarkdownTable;
import io.sfcrime.testkit.bench.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.tools.ProducerPerformance;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Full replays of the real file as fast as possible through the real service (its
 * {@link KafkaTemplate} from {@code application.yml}, its {@link ReplayRun}), in
 * event-time order (the sort included) and in file order, each into a fresh topic of the
 * service's partitions on the embedded broker; beside them, in the same JVM and run,
 * Kafka's own {@link ProducerPerformance} with the same record count, the real records as
 * payloads (so the sizes are the real ones), and the service's partitions, acks,
 * compression, batch size, linger, buffer, in-flight limit and idempotence. It runs
 * in-process: it calls {@code System.exit} only on bad arguments, and it shares the JVM,
 * the warm JIT and the broker with the service's replays, as a fair baseline should. Not
 * part of {@code verify} (its name does not match surefire's patterns); the benchmark
 * profile runs it:
 *
 * <pre>./mvnw -B -ntp -Pbenchmark -pl ingest-service,analytics-service -am verify</pre>
 *
 * {@code -Dbenchmark.calls=N} replays the oldest N calls (file order: the first N of the
 * file), {@code -Dbenchmark.runs=N} measured rounds over every cell (default 3), after
 * {@code -Dbenchmark.warmups=N} warm-up rounds (default 3). Writes
 * {@code target/benchmark/ingest.md} and its chart.
 */
class IngestBenchmark {

    private static final Logger log = LoggerFactory.getLogger(IngestBenchmark.class);

    /**
     * The figures ProducerPerformance prints last: {@code N records sent, R records/sec}.
     */
    private static final Pattern SUMMARY = Pattern
        .compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency.*50th");

    /**
     * The producer settings ProducerPerformance is given, as the service's producer has
     * them.
     */
    private static final List<String> SAME_SETTINGS = List.of(ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.COMPRESSION_TYPE_CONFIG,
            ProducerConfig.BATCH_SIZE_CONFIG, ProducerConfig.LINGER_MS_CONFIG, ProducerConfig.BUFFER_MEMORY_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);

    private static final AtomicInteger TOPICS = new AtomicInteger();

    /**
     * @param calls how many calls a replay sends: the oldest N, or all
     * @param warmups rounds over every cell before the measured ones
     * @param runs measured rounds over every cell
     * @param variants producer settings tried besides the service's, each over the
     * service's, in event-time order
     */
    record Knobs(int calls, int warmups, int runs, Map<String, Map<String, Object>> variants) {

        static Knobs fromSystemProperties() {
            return new Knobs(Integer.getInteger("benchmark.calls", RealCalls.TOTAL),
                    Integer.getInteger("benchmark.warmups", 3), Integer.getInteger("benchmark.runs", 3), VARIANTS);
        }

    }

    /** One factor at a time around the shipped producer settings. */
    static final Map<String, Map<String, Object>> VARIANTS = variants();

    /**
     * What a run of the benchmark left, for its test.
     *
     * @param report the Markdown file
     * @param rows the rows of its table
     * @param topics the topic of each cell's last run
     * @param sent records each cell's last run put on its topic by its own count
     */
    record Result(Path report, int rows, Map<String, String> topics, Map<String, Long> sent) {
    }

    @Test
    void measure() {
        Result result = run(Knobs.fromSystemProperties(), Path.of("target", "benchmark"));
        log.info("Ingest benchmark written to {}", result.report().toAbsolutePath());
    }

    static Result run(Knobs knobs, Path dir) {
        String brokers = System.getProperty("spring.embedded.kafka.brokers");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(IngestApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + brokers,
                "--sfcrime.replay.topic.name=calls.ingest-benchmark")) {
            return new Session(context, brokers, knobs).measureAll(dir);
        }
    }

    /** One run of the benchmark against one started service. */
    private static final class Session {

        private final ReplayProperties properties;

        private final ReplayOptionsResolver resolver;

        private final ReplayMetrics metrics;

        private final KafkaTemplate<String, byte[]> template;

        private final String brokers;

        private final Knobs knobs;

        private final Map<String, String> topics = new LinkedHashMap<>();

        private final Map<String, Long> sent = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        Session(ConfigurableApplicationContext context, String brokers, Knobs knobs) {
            this.properties = context.getBean(ReplayProperties.class);
            this.resolver = context.getBean(ReplayOptionsResolver.class);
            this.metrics = context.getBean(ReplayMetrics.class);
            this.template = context.getBean(KafkaTemplate.class);
            this.brokers = brokers;
            this.knobs = knobs;
            if (this.properties.topic().partitions() != CallsTopics.PARTITIONS) {
                throw new IllegalStateException("The benchmark's topics have " + CallsTopics.PARTITIONS
                        + " partitions, the service's " + this.properties.topic().partitions());
            }
        }

        private Result measureAll(Path dir) {
            Map<String, Object> producer = this.template.getProducerFactory().getConfigurationProperties();
            Map<String, Object> shipped = SAME_SETTINGS.stream()
                .filter(producer::containsKey)
                .collect(Collectors.toMap(key -> key, producer::get, (a, b) -> a, LinkedHashMap::new));
            MarkdownTable table = new MarkdownTable("producer", "order", "events/s, median [min-max]",
                    "x ProducerPerformance", "CPU ns per event (the whole JVM, broker included)");
            Path payloads = payloadFile();
            Map<String, Run> cells = new LinkedHashMap<>();
            cells.put("ProducerPerformance", () -> producerPerformance(payloads, shipped));
            for (ReplayOrder order : ReplayOrder.values()) {
                String cell = "service, " + order.value();
                cells.put(cell, () -> replay(this.template, order, cell));
            }
            List<KafkaTemplate<String, byte[]>> others = new ArrayList<>();
            this.knobs.variants().forEach((name, overrides) -> {
                KafkaTemplate<String, byte[]> other = new KafkaTemplate<>(this.template.getProducerFactory(),
                        overrides);
                others.add(other);
                String cell = name + ", event-time";
                cells.put(cell, () -> replay(other, ReplayOrder.EVENT_TIME, cell));
            });
            Map<String, Figures> figures;
            try {
                figures = measure(cells);
            }
            finally {
                others.forEach(KafkaTemplate::destroy);
            }
            Figures baseline = figures.get("ProducerPerformance");
            figures.forEach((cell, measured) -> {
                int comma = cell.lastIndexOf(", ");
                String producerRow = cell.equals("ProducerPerformance")
                        ? "ProducerPerformance (Kafka's own, in this JVM)"
                        : cell.startsWith("service, ") ? "the service's" : cell.substring(0, comma);
                table.row(producerRow, comma < 0 ? "-" : cell.substring(comma + 2),
                        measured.eventsPerSecond().medianAndRange(), ratio(measured, baseline), cpu(measured));
            });
            BenchmarkReport report = new BenchmarkReport("Ingest against ProducerPerformance", Machine.current())
                .text(String.format(Locale.ROOT,
                        "%,d calls a run (%s), %d measured rounds over every cell after %s, a fresh %d-partition topic a run "
                                + "on the embedded KRaft broker in this JVM. The service's rows are the real replay "
                                + "(`ReplayRun` through the service's `KafkaTemplate`), timed from its start to the last "
                                + "acknowledgement: gunzip, parse, the calls rule, the event-time sort (spill and index) "
                                + "and sending. ProducerPerformance sends the same number of records drawn from the real "
                                + "records (`--payload-file`, one compact JSON record a line), without keys, with the "
                                + "service's settings: %s.",
                        this.knobs.calls(), this.knobs.calls() >= RealCalls.TOTAL ? "the whole file" : "the oldest",
                        this.knobs.runs(),
                        this.knobs.warmups() == 1 ? "a warm-up round" : this.knobs.warmups() + " warm-up rounds",
                        CallsTopics.PARTITIONS, describe(shipped)))
                .table(table)
                .barChart("ingest", "Ingest: events/s (median)", "events/s", List.copyOf(figures.keySet()),
                        Map.of("events/s", figures.values().stream().map(f -> f.eventsPerSecond().median()).toList()));
            log.info("Ingest benchmark:\n{}", report);
            return new Result(report.write(dir, "ingest"), table.rowCount(), Map.copyOf(this.topics),
                    Map.copyOf(this.sent));
        }

        /**
         * Every cell's runs, round by round (the warm-up rounds first), so that the JIT's
         * warming and the machine's load drift spread over all cells alike, each round
         * starting one cell later: with a fixed order the cell after ProducerPerformance
         * (the service's, event-time) was slower than every producer variant in two runs,
         * though it has their settings but one. Answers events/s of each run, and the
         * process's CPU time of each (the broker's included), which other processes on
         * the machine do not add to.
         */
        private Map<String, Figures> measure(Map<String, Run> cells) {
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            Map<String, List<Double>> cpuNsPerEvent = new LinkedHashMap<>();
            List<Map.Entry<String, Run>> order = new ArrayList<>(cells.entrySet());
            for (int i = 0; i < this.knobs.warmups() + this.knobs.runs(); i++) {
                for (int place = 0; place < order.size(); place++) {
                    Map.Entry<String, Run> cell = order.get((i + place) % order.size());
                    long cpuBefore = processCpuNanos();
                    double rate = cell.getValue().eventsPerSecond();
                    double cpuMs = (processCpuNanos() - cpuBefore) / 1e6;
                    log.info("{} run {}{}: {} events/s, {} ms CPU", cell.getKey(), i,
                            i < this.knobs.warmups() ? " (warm-up)" : "", Samples.format(rate), Samples.format(cpuMs));
                    if (i >= this.knobs.warmups()) {
                        rates.computeIfAbsent(cell.getKey(), key -> new ArrayList<>()).add(rate);
                        cpuNsPerEvent.computeIfAbsent(cell.getKey(), key -> new ArrayList<>())
                            .add(cpuMs * 1e6 / this.knobs.calls());
                    }
                }
            }
            Map<String, Figures> figures = new LinkedHashMap<>();
            cells.keySet()
                .forEach(cell -> figures.put(cell,
                        new Figures(Samples.of(rates.get(cell)), Samples.of(cpuNsPerEvent.get(cell)))));
            return figures;
        }

        @FunctionalInterface
        private interface Run {

            double eventsPerSecond();

        }

        /** One replay as the service runs it, into a fresh topic. */
        private double replay(KafkaTemplate<String, byte[]> through, ReplayOrder order, String cell) {
            String topic = freshTopic();
            ReplayProperties.Topic where = new ReplayProperties.Topic(topic, this.properties.topic().partitions(),
                    this.properties.topic().replicas(), this.properties.topic().minInsyncReplicas());
            ReplayProperties settings = new ReplayProperties(this.properties.file(), where, this.properties.defaults(),
                    this.properties.progressInterval(), this.properties.abortAfterConsecutiveFailures(), false,
                    this.properties.filesDir());
            Long limit = this.knobs.calls() >= RealCalls.TOTAL ? null : (long) this.knobs.calls();
            ReplayOptions options = this.resolver
                .resolve(new ReplayRequest(0.0, null, order.value(), limit, false, null, null));
            ReplayRun run = new ReplayRun(options, ResumePlan.EVERYTHING, null, through, () -> null, settings,
                    this.metrics);
            ReplayStatus status = run.status(run.call());
            if (status.state() != ReplayState.COMPLETED || status.acknowledged() != this.knobs.calls()) {
                throw new IllegalStateException(
                        "The replay did not deliver its " + this.knobs.calls() + " calls: " + status);
            }
            this.topics.put(cell, topic);
            this.sent.put(cell, status.acknowledged());
            return status.acknowledged() * 1000.0 / status.elapsedMs();
        }

        /**
         * Kafka's own producer benchmark over the same records' sizes, into a fresh
         * topic.
         */
        private double producerPerformance(Path payloads, Map<String, Object> settings) {
            String topic = freshTopic();
            List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records",
                    String.valueOf(this.knobs.calls()), "--throughput", "-1", "--payload-file", payloads.toString(),
                    "--producer-props", ProducerConfig.BOOTSTRAP_SERVERS_CONFIG + "=" + this.brokers));
            settings.forEach((key, value) -> args.add(key + "=" + value));
            String output = printed(() -> ProducerPerformance.main(args.toArray(String[]::new)));
            Matcher summary = SUMMARY.matcher(output);
            if (!summary.find() || Long.parseLong(summary.group(1)) != this.knobs.calls()) {
                throw new IllegalStateException(
                        "ProducerPerformance printed no summary of " + this.knobs.calls() + " records: " + output);
            }
            this.topics.put("ProducerPerformance", topic);
            this.sent.put("ProducerPerformance", Long.parseLong(summary.group(1)));
            return Double.parseDouble(summary.group(2));
        }

        /**
         * The real records as the service sends them, one a line: ProducerPerformance's
         * payloads.
         */
        private Path payloadFile() {
            List<Call> calls = RealCalls.inEventTimeOrder().subList(0, this.knobs.calls());
            try {
                Path file = Files.createTempFile("ingest-benchmark-", ".payloads");
                file.toFile().deleteOnExit();
                Files.write(file, calls.stream().map(Call::json).toList(), StandardCharsets.UTF_8);
                return file;
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        private String freshTopic() {
            String topic = "calls.ingest-benchmark." + TOPICS.incrementAndGet();
            CallsTopics.create(this.brokers, topic);
            return topic;
        }

    }

    /**
     * @param eventsPerSecond each run's events per second
     * @param cpuNsPerEvent each run's CPU time of the whole process per event, ns
     */
    private record Figures(Samples eventsPerSecond, Samples cpuNsPerEvent) {
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    @FunctionalInterface
    private interface Printing {

        void run() throws Exception;

    }

    /** What ProducerPerformance prints to standard output, its only report. */
    private static String printed(Printing printing) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            printing.run();
        }
        catch (Exception ex) {
            throw new IllegalStateException("ProducerPerformance failed: " + captured, ex);
        }
        finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Map<String, Object>> variants() {
        Map<String, Map<String, Object>> variants = new LinkedHashMap<>();
        variants.put("compression none", Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"));
        variants.put("compression zstd", Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"));
        variants.put("batch 64 KB", Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024));
        variants.put("batch 512 KB", Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024));
        variants.put("batch 1 MB", Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024));
        variants.put("linger 5 ms", Map.of(ProducerConfig.LINGER_MS_CONFIG, 5));
        variants.put("linger 50 ms", Map.of(ProducerConfig.LINGER_MS_CONFIG, 50));
        return variants;
    }

    private static String describe(Map<String, Object> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String ratio(Figures figures, Figures baseline) {
        return String.format(Locale.ROOT, "%.2f",
                figures.eventsPerSecond().median() / baseline.eventsPerSecond().median());
    }

    private static String cpu(Figures figures) {
        return figures.cpuNsPerEvent().medianAndRange();
    }

}
