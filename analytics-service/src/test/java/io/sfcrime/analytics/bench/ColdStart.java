package io.sfcrime.analytics.bench;

import static org.awaitility.Awaitility.await;

import io.sfcrime.analytics.AnalyticsApplication;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.testkit.ChildJvm;
import io.sfcrime.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service at its shipped defaults in a fresh JVM of its own ({@link ChildJvm}, main
 * class from this class path) over the whole catch-up: its first catch-up is the cold
 * start, and its GC log gives the heap it used. Its results over REST are held against
 * the independent count.
 */
final class ColdStart {

    /** The goal's heap: the service has to fit it. */
    static final String HEAP = "1g";

    /**
     * A pause line of {@code -Xlog:gc}: heap used before and after, and the heap's size,
     * e.g. {@code GC(3) Pause Young (Normal) (G1 Evacuation Pause) 245M->120M(512M)}.
     */
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /**
     * @param launchToResultsMillis from the process's start to every call counted over
     * REST: JVM, Spring, SparkSession, the first (cold) query
     * @param peakUsedMb the most heap used before any collection
     * @param maxAfterGcMb the most heap still used after a collection
     * @param collections GC pauses seen
     */
    record Result(double launchToResultsMillis, long peakUsedMb, long maxAfterGcMb, int collections) {
    }

    private ColdStart() {
    }

    static Result run(String brokers, String topic, ExpectedCounts expected, Path workDir) {
        Path dir = workDir.resolve("cold-" + UUID.randomUUID()).toAbsolutePath();
        Path gcLog = dir.resolve("gc.log");
        int port = FreePorts.one();
        ChildJvm analytics = ChildJvm.mainClass("analytics", AnalyticsApplication.class.getName(), dir, HEAP,
                List.of("-Xlog:gc*:file=" + gcLog),
                List.of("--server.port=" + port, "--spring.kafka.bootstrap-servers=" + brokers,
                        "--sfcrime.analytics.spark.ui-enabled=false", "--sfcrime.analytics.source.topic=" + topic,
                        "--sfcrime.analytics.sink.topic=bench.aggregates." + UUID.randomUUID(),
                        "--sfcrime.analytics.data-dir=" + dir.resolve("data")));
        RestResults rest = RestResults.onPort(port);
        long started = System.nanoTime();
        analytics.start();
        try {
            await("the cold catch-up; see " + analytics.logFile()).atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .failFast("analytics exited; see " + analytics.logFile(), () -> !analytics.isAlive())
                .until(() -> rest.totalCalls() == expected.total());
            double millis = (System.nanoTime() - started) / 1e6;
            rest.assertExactly(expected);
            analytics.stop(Duration.ofSeconds(30));
            return heap(millis, gcLog);
        }
        finally {
            analytics.stop(Duration.ofSeconds(30));
        }
    }

    private static Result heap(double millis, Path gcLog) {
        long peak = 0;
        long after = 0;
        int pauses = 0;
        try {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher pause = PAUSE.matcher(line);
                if (pause.find()) {
                    pauses++;
                    peak = Math.max(peak, Long.parseLong(pause.group(1)));
                    after = Math.max(after, Long.parseLong(pause.group(2)));
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new Result(millis, peak, after, pauses);
    }

}
