package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's own code on a small slice, in {@code verify}: it finishes, writes its
 * report with a row per cell and the chart, and every replay it timed put exactly the
 * slice's calls on its topic.
 */
class IngestBenchmarkTest {

    private static final int CALLS = 5_000;

    @TempDir
    Path dir;

    @Test
    void theBenchmarkRunsOnASliceAndEachReplayDeliversExactlyTheSlice() throws IOException {
        IngestBenchmark.Result result = IngestBenchmark.run(new IngestBenchmark.Knobs(CALLS, 1, 1, Map.of()), this.dir);

        assertThat(result.rows()).isEqualTo(3);
        String report = Files.readString(result.report());
        assertThat(report).contains("| ProducerPerformance", "| the service's | event-time |",
                "| the service's | file |", "![");
        assertThat(this.dir.resolve("ingest.png")).isNotEmptyFile();
        String brokers = System.getProperty("spring.embedded.kafka.brokers");
        assertThat(values(brokers, result.topics().get("service, event-time")))
            .isEqualTo(sorted(RealCalls.inEventTimeOrder().subList(0, CALLS)));
        assertThat(values(brokers, result.topics().get("service, file")))
            .isEqualTo(sorted(RealCalls.inFileOrder().subList(0, CALLS)));
        assertThat(TopicContents.count(brokers, result.topics().get("ProducerPerformance"))).isEqualTo(CALLS);
        assertThat(result.sent()).containsOnly(Map.entry("service, event-time", (long) CALLS),
                Map.entry("service, file", (long) CALLS), Map.entry("ProducerPerformance", (long) CALLS));
    }

    private static List<String> values(String brokers, String topic) {
        List<ConsumerRecord<String, String>> records = TopicContents.readAll(brokers, topic);
        records.forEach(record -> assertThat(record.value()).contains("\"crime_id\":\"" + record.key() + "\""));
        return records.stream().map(ConsumerRecord::value).sorted().toList();
    }

    private static List<String> sorted(List<Call> calls) {
        return calls.stream().map(Call::json).sorted().toList();
    }

}
