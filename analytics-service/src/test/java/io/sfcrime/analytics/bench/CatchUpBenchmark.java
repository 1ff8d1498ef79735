package io.sfcrime.analytics.bench;

import io.sfcrime.analytics.AnalyticsProperties;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.TestSettings;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.CallsTopics;
import io.sfcrime.testkit.HourlyCounts;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.bench.BenchmarkReport;
import io.sfcrime.testkit.bench.Machine;
import io.sfcrime.testkit.bench.MarkdownTable;
import io.sfcrime.testkit.bench.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics catch-up benchmark, shared by {@link AnalyticsBenchmark} (the whole file)
 * and {@link AnalyticsBenchmarkTest} (a slice in CI): the real service over the oldest
 * {@code calls} of the file in event-time order, one factor at a time around the shipped
 * defaults, next to three baselines over the same records in the same run (and Spark's
 * Kafka source reading them, the floor under the Spark ones), and the service's memory
 * and cold start in a JVM of its own. Every figure is the median of {@code runs} runs,
 * and counts only once its counts equal the independent ones.
 */
final class CatchUpBenchmark {

    private static final Logger log = LoggerFactory.getLogger(CatchUpBenchmark.class);

    private static final String SETTING = "--sfcrime.analytics.";

    private static final String ROCKSDB = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

    /**
     * One cell of the grid: the shipped defaults with one setting changed.
     *
     * @param factor what is varied
     * @param value its value in this cell
     * @param topicPartitions partitions of the calls topic read
     * @param settings the service's arguments that set it
     */
    record Cell(String factor, String value, int topicPartitions, List<String> settings) {

        static final String DEFAULTS = "shipped defaults";

        String label() {
            return DEFAULTS.equals(this.factor) ? DEFAULTS : this.factor + " " + this.value;
        }

    }

    /**
     * @param calls the oldest calls of the file, in event-time order
     * @param runs runs per cell
     * @param cells the grid's cells, the shipped defaults first
     * @param warmUp whether a catch-up that is not counted comes first: the first query
     * in a JVM is the slow one (JIT), and the cold start is measured apart
     * @param coldStart whether to measure memory and the cold start in a child JVM
     */
    record Plan(int calls, int runs, List<Cell> cells, boolean warmUp, boolean coldStart) {
    }

    /**
     * @param report the Markdown file written
     * @param checked every cell and baseline whose counts were held against the
     * independent count, once per run
     */
    record Outcome(Path report, List<String> checked) {
    }

    private CatchUpBenchmark() {
    }

    /**
     * The grid, one factor at a time around the shipped defaults (values equal to a
     * default are the defaults cell): maxOffsetsPerTrigger, trigger interval, shuffle
     * partitions, topic partitions, minPartitions, master, state store.
     */
    static List<Cell> grid() {
        AnalyticsProperties defaults = TestSettings.bind(Map.of());
        List<Cell> cells = new ArrayList<>(List.of(defaults()));
        Long maxOffsets = defaults.source().maxOffsetsPerTrigger();
        Stream.of(2_000L, 20_000L, 200_000L, null)
            .filter(value -> value == null ? maxOffsets != null : !value.equals(maxOffsets))
            .map(value -> value == null ? cell("maxOffsetsPerTrigger", "unlimited", "source.max-offsets-per-trigger=")
                    : cell("maxOffsetsPerTrigger", String.format(Locale.ROOT, "%,d", value),
                            "source.max-offsets-per-trigger=" + value))
            .forEach(cells::add);
        Stream.of("0s", "1s", "5s")
            .filter(value -> !java.time.Duration.parse("PT" + value.toUpperCase(Locale.ROOT))
                .equals(defaults.query().triggerInterval()))
            .map(value -> cell("trigger", value, "query.trigger-interval=" + value))
            .forEach(cells::add);
        Stream.of(1, 2, 4, 8, 200)
            .filter(value -> value != defaults.query().shufflePartitions())
            .map(value -> cell("shuffle partitions", value.toString(), "query.shuffle-partitions=" + value))
            .forEach(cells::add);
        Stream.of(1, 6)
            .map(value -> new Cell("topic partitions", value.toString(), value, List.of()))
            .forEach(cells::add);
        // Three topic partitions on two cores: a third task runs alone, unless split.
        if (defaults.source().minPartitions() == null) {
            cells.add(cell("minPartitions", "4", "source.min-partitions=4"));
        }
        Stream.of("local[1]", "local[*]")
            .filter(value -> !value.equals(defaults.spark().master()))
            .map(value -> cell("master", value, "spark.master=" + value))
            .forEach(cells::add);
        cells.add(cell("state store", "RocksDB",
                "spark.properties.spark.sql.streaming.stateStore.providerClass=" + ROCKSDB));
        return List.copyOf(cells);
    }

    static Cell defaults() {
        return new Cell(Cell.DEFAULTS, "", CallsTopics.PARTITIONS, List.of());
    }

    private static Cell cell(String factor, String value, String setting) {
        return new Cell(factor, value, CallsTopics.PARTITIONS, List.of(SETTING + setting));
    }

    static Outcome run(Plan plan, Path outDir) {
        List<Call> slice = RealCalls.inEventTimeOrder().subList(0, plan.calls());
        Map<HourlyCounts.Key, Long> expected = HourlyCounts.of(slice);
        long valueBytes = slice.stream().mapToLong(call -> PlainProducer.bytes(call.json()).length).sum();
        String brokers = Replays.brokers();
        Map<Integer, String> topics = new LinkedHashMap<>();
        new TreeSet<>(plan.cells().stream().map(Cell::topicPartitions).toList()).forEach(partitions -> {
            String topic = "bench.calls." + partitions + "." + UUID.randomUUID();
            CallsTopics.create(brokers, topic, partitions);
            try (PlainProducer producer = new PlainProducer(brokers)) {
                producer.sendCalls(topic, slice);
            }
            topics.put(partitions, topic);
        });
        String defaultTopic = topics.get(CallsTopics.PARTITIONS);
        Path workDir = outDir.resolve("data");
        List<String> checked = new ArrayList<>();
        Map<String, List<Counted>> millis = new LinkedHashMap<>();
        Map<String, Integer> batches = new LinkedHashMap<>();
        Map<String, Long> defaultPhases = Map.of();
        if (plan.warmUp()) {
            ServiceCatchUp.run("warm-up", brokers, defaultTopic, plan.calls(), List.of(), workDir, false);
        }
        for (int run = 1; run <= plan.runs(); run++) {
            for (Cell cell : plan.cells()) {
                boolean defaultsCell = cell.factor().equals(Cell.DEFAULTS);
                ServiceCatchUp.Result result = ServiceCatchUp.run(cell.label(), brokers,
                        topics.get(cell.topicPartitions()), plan.calls(), cell.settings(), workDir, defaultsCell);
                record(result.counted().checkedAgainst(expected), millis, checked);
                batches.put(cell.label(), result.batches());
                log.info("BENCHMARK run {} {}: {} ms, {} batches, phases {}", run, cell.label(),
                        Math.round(result.counted().millis()), result.batches(), result.phaseMillis());
                if (defaultsCell) {
                    defaultPhases = result.phaseMillis();
                    record(result.staticBatch().checkedAgainst(expected), millis, checked);
                    record(result.sourceRead().checkedAgainst(plan.calls(), valueBytes), millis, checked);
                }
            }
            record(PlainConsumerBaseline.run(brokers, defaultTopic).checkedAgainst(expected), millis, checked);
            record(KafkaStreamsBaseline.run(brokers, defaultTopic, plan.calls(), workDir.resolve("streams"))
                .checkedAgainst(expected), millis, checked);
        }
        List<ColdStart.Result> cold = new ArrayList<>();
        if (plan.coldStart()) {
            ExpectedCounts expectedRows = ExpectedCounts.hourly(slice);
            for (int run = 1; run <= plan.runs(); run++) {
                cold.add(ColdStart.run(brokers, defaultTopic, expectedRows, workDir));
                checked.add("cold start");
            }
        }
        BenchmarkReport report = report(plan, millis, batches, defaultPhases, cold);
        Path file = report.write(outDir, "analytics");
        log.info("Analytics benchmark report in {}:\n{}", file.toAbsolutePath(), report);
        return new Outcome(file, List.copyOf(checked));
    }

    /** Keeps the figures, not the counts, once they are checked. */
    private static void record(Counted counted, Map<String, List<Counted>> millis, List<String> checked) {
        millis.computeIfAbsent(counted.what(), what -> new ArrayList<>())
            .add(new Counted(counted.what(), counted.millis(), counted.cpuMillis(), Map.of()));
        checked.add(counted.what());
    }

    private static BenchmarkReport report(Plan plan, Map<String, List<Counted>> results, Map<String, Integer> batches,
            Map<String, Long> phases, List<ColdStart.Result> cold) {
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        results.forEach((what, runs) -> {
            millis.put(what, runs.stream().map(Counted::millis).toList());
            cpu.put(what, runs.stream().map(Counted::cpuMillis).toList());
        });
        int calls = plan.calls();
        List<String> baselines = List.of("static Spark batch", "KafkaConsumer + CallRule + HashMap", "Kafka Streams",
                SourceReadFloor.NAME);
        Map<String, Double> medianRate = new LinkedHashMap<>();
        millis.forEach((what, ms) -> medianRate.put(what, calls * 1000.0 / Samples.of(ms).median()));
        String defaults = Cell.DEFAULTS;
        MarkdownTable grid = new MarkdownTable("factor", "setting", "batches", "wall s", "rows/s", "CPU s",
                "x static batch", "x KafkaConsumer", "x Kafka Streams");
        for (Cell cell : plan.cells()) {
            List<Double> ms = millis.get(cell.label());
            Samples rates = Samples.of(ms.stream().map(value -> calls * 1000.0 / value).toList());
            Samples seconds = Samples.of(ms.stream().map(value -> value / 1000).toList());
            double rate = medianRate.get(cell.label());
            String label = cell.label().equals(defaults) ? "**" + defaults + "**" : cell.value();
            grid.row(cell.label().equals(defaults) ? "all" : cell.factor(), label, batches.get(cell.label()),
                    String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", seconds.median(), seconds.min(), seconds.max()),
                    rates.medianAndRange(), cpuSeconds(cpu.get(cell.label())),
                    ratio(rate, medianRate.get(baselines.get(0))), ratio(rate, medianRate.get(baselines.get(1))),
                    ratio(rate, medianRate.get(baselines.get(2))));
        }
        MarkdownTable base = new MarkdownTable("baseline", "wall s", "rows/s", "CPU s",
                "service at its defaults ÷ baseline");
        for (String baseline : baselines) {
            List<Double> ms = millis.get(baseline);
            base.row(baseline, String.format(Locale.ROOT, "%.2f", Samples.of(ms).median() / 1000),
                    Samples.of(ms.stream().map(value -> calls * 1000.0 / value).toList()).medianAndRange(),
                    cpuSeconds(cpu.get(baseline)), ratio(medianRate.get(defaults), medianRate.get(baseline)));
        }
        MarkdownTable phaseTable = new MarkdownTable("phase (Spark's durationMs, summed over the batches)", "ms");
        phases.forEach((phase, ms) -> phaseTable.row(phase, ms));
        String intro = String.format(Locale.ROOT,
                "The oldest %,d calls of the file in event-time order, on the embedded KRaft broker; the real service "
                        + "(Spring context, SparkSession, Kafka source, state store, checkpoint, compacted topic and "
                        + "store) per cell with a fresh checkpoint, timed from the query's first trigger until the "
                        + "store holds every call; one setting changed per cell. Median of %d runs [min-max]%s; every "
                        + "run's counts equal the independent count (HourlyCounts). The last baseline counts nothing: "
                        + "it is Spark's Kafka source reading the same topic (records and value bytes checked), the "
                        + "floor under every computation that reads through Spark. CPU s: the CPU time of the "
                        + "benchmark's JVM meanwhile, all threads (the embedded broker's too), which other processes "
                        + "on the machine do not inflate as they do wall time.",
                calls, plan.runs(), plan.warmUp() ? " after one warm-up" : "");
        BenchmarkReport report = new BenchmarkReport("Analytics catch-up", Machine.current()).text(intro)
            .heading("The grid")
            .table(grid)
            .heading("Baselines, same records, same JVM, same runs")
            .table(base)
            .heading("Where a catch-up at the shipped defaults spends its time (last run)")
            .table(phaseTable);
        if (!cold.isEmpty()) {
            MarkdownTable memory = new MarkdownTable("figure", "median [min-max]");
            memory.row("launch to every call counted over REST (cold start), s",
                    seconds(cold.stream().map(ColdStart.Result::launchToResultsMillis).toList()));
            memory.row("peak heap used (before a collection), MB",
                    Samples.of(cold.stream().map(ColdStart.Result::peakUsedMb).toList()).medianAndRange());
            memory.row("most heap used after a collection, MB",
                    Samples.of(cold.stream().map(ColdStart.Result::maxAfterGcMb).toList()).medianAndRange());
            memory.row("collections",
                    Samples.of(cold.stream().map(ColdStart.Result::collections).toList()).medianAndRange());
            report.heading("Memory and cold start: the shipped defaults in a fresh JVM, -Xmx" + ColdStart.HEAP)
                .table(memory);
        }
        List<String> categories = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        plan.cells().forEach(cell -> {
            categories.add(cell.label());
            rates.add(medianRate.get(cell.label()));
        });
        baselines.forEach(baseline -> {
            categories.add("baseline: " + baseline);
            rates.add(medianRate.get(baseline));
        });
        return report.barChart("analytics", "Analytics catch-up, rows/s (median)", "rows/s", categories,
                Map.of("rows/s", rates));
    }

    private static String seconds(List<Double> millis) {
        Samples seconds = Samples.of(millis.stream().map(value -> value / 1000).toList());
        return String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", seconds.median(), seconds.min(), seconds.max());
    }

    private static String cpuSeconds(List<Double> millis) {
        return String.format(Locale.ROOT, "%.2f", Samples.of(millis).median() / 1000);
    }

    private static String ratio(double value, double baseline) {
        return String.format(Locale.ROOT, "%.2f", value / baseline);
    }

}
