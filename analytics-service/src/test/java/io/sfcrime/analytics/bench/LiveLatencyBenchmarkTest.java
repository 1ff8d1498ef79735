package io.sfcrime.analytics.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.HourlyCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latency benchmark's own code on a small slice, in {@code verify}: one service
 * (trigger 0), two rates, a warm-up and one run of a second each. It finishes, writes its
 * report with a row per cell and the chart, and the service's counts per window over REST
 * equal an independent count of the calls it was sent.
 */
class LiveLatencyBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void theBenchmarkRunsOnASliceAndTheServiceCountsExactlyWhatItWasSent() throws IOException {
        LiveLatencyBenchmark.Result result = LiveLatencyBenchmark.run(
                new LiveLatencyBenchmark.Knobs(6_000, 1, 1.0, 1.0, List.of(1_000, 2_000), List.of(Duration.ZERO)),
                this.dir);

        assertThat(result.rows()).isEqualTo(2);
        String report = Files.readString(result.report());
        assertThat(report).contains("| 1,000 | 0 ms |", "| 2,000 | 0 ms |", "![");
        assertThat(this.dir.resolve("latency.png")).isNotEmptyFile();
        List<Call> sent = result.sent().get(Duration.ZERO);
        // Each rate: its second of warm-up, then its one measured run of a second.
        assertThat(sent.size()).isEqualTo(1_000 + 1_000 + 2_000 + 2_000);
        assertThat(result.counted().get(Duration.ZERO)).isEqualTo(perWindow(sent));
    }

    private static Map<LocalDateTime, Long> perWindow(List<Call> calls) {
        Map<LocalDateTime, Long> windows = new TreeMap<>();
        HourlyCounts.of(calls).forEach((key, count) -> windows.merge(key.windowStart(), count, Long::sum));
        return windows;
    }

}
