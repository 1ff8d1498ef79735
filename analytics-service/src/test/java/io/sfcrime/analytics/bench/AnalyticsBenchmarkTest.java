package io.sfcrime.analytics.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.analytics.bench.CatchUpBenchmark.Cell;
import io.sfcrime.analytics.bench.CatchUpBenchmark.Outcome;
import io.sfcrime.analytics.bench.CatchUpBenchmark.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link AnalyticsBenchmark}'s code on a slice in CI: the oldest 5,000 calls, one run
 * with no warm-up, the defaults cell only (each further cell is one more Spring context
 * and SparkSession), the three baselines, the Kafka source alone and the cold start. It
 * finishes, every computation's counts equal the independent count of the slice (the
 * benchmark fails otherwise, naming what differs), the Kafka source alone read exactly
 * the slice's records and value bytes, and the report has a row per cell, the baselines,
 * the memory figures and the chart.
 */
class AnalyticsBenchmarkTest {

    private static final int CALLS = 5_000;

    @Test
    void runsTheBenchmarkOnASliceAndWritesItsReport() throws IOException {
        List<Cell> cells = List.of(CatchUpBenchmark.defaults());
        Path dir = Path.of("target", "benchmark-test", UUID.randomUUID().toString());

        Outcome outcome = CatchUpBenchmark.run(new Plan(CALLS, 1, cells, false, true), dir);

        assertThat(outcome.checked()).containsExactly(Cell.DEFAULTS, "static Spark batch", SourceReadFloor.NAME,
                "KafkaConsumer + CallRule + HashMap", "Kafka Streams", "cold start");
        String report = Files.readString(outcome.report());
        assertThat(report).contains("The oldest 5,000 calls")
            .contains("| all | **shipped defaults** |")
            .contains("| static Spark batch |", "| KafkaConsumer + CallRule + HashMap |", "| Kafka Streams |",
                    "| " + SourceReadFloor.NAME + " |")
            .contains("peak heap used")
            .contains("![Analytics catch-up, rows/s (median)](analytics.png)");
        assertThat(dir.resolve("analytics.png")).isNotEmptyFile();
    }

}
