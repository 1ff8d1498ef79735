package io.sfcrime.analytics.bench;

import io.sfcrime.testkit.RealCalls;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analytics catch-up benchmark over the whole file (see {@link CatchUpBenchmark});
 * not part of {@code verify} (surefire's patterns do not match its name). Writes
 * {@code target/benchmark/analytics.md} and its chart. {@code -Dbenchmark.calls=N} takes
 * the oldest N calls, {@code -Dbenchmark.runs=N} the runs per cell (default 3),
 * {@code -Dbenchmark.factors=trigger,master} only the defaults and those factors' cells,
 * {@code -Dbenchmark.coldStart=false} no child JVM.
 */
class AnalyticsBenchmark {

    @Test
    void measure() {
        List<String> factors = List.of(System.getProperty("benchmark.factors", "").split(","));
        List<CatchUpBenchmark.Cell> cells = CatchUpBenchmark.grid()
            .stream()
            .filter(cell -> factors.equals(List.of("")) || cell.equals(CatchUpBenchmark.defaults())
                    || factors.contains(cell.factor()))
            .toList();
        CatchUpBenchmark.run(
                new CatchUpBenchmark.Plan(Integer.getInteger("benchmark.calls", RealCalls.TOTAL),
                        Integer.getInteger("benchmark.runs", 3), cells, true,
                        Boolean.parseBoolean(System.getProperty("benchmark.coldStart", "true"))),
                Path.of("target", "benchmark"));
    }

}
