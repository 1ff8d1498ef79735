package io.sfcrime.system;

import io.sfcrime.testkit.HourlyCounts;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the fault tests compare with the real file, read independently of the services:
 * the calls topic record by record, and analytics' windows key by key.
 */
final class ExactResults {

    private static final Logger log = LoggerFactory.getLogger(ExactResults.class);

    private ExactResults() {
    }

    /**
     * The records missing from the topic or extra on it, as the file's records keyed by
     * their {@code crime_id} and counted (the file's own 4 duplicates twice); empty when
     * the topic holds the file exactly.
     */
    static List<String> topicVersusFile(List<ConsumerRecord<String, String>> records) {
        Map<String, Long> onTopic = records.stream()
            .collect(Collectors.groupingBy(r -> r.key() + "\t" + r.value(), Collectors.counting()));
        Map<String, Long> inFile = RealCalls.inFileOrder()
            .stream()
            .collect(Collectors.groupingBy(call -> call.crimeId() + "\t" + call.json(), Collectors.counting()));
        return differences(inFile, onTopic);
    }

    /**
     * Reads the topic and answers {@link #topicVersusFile} of its records.
     */
    static List<String> topicVersusFile(String bootstrapServers, String topic) {
        return topicVersusFile(TopicContents.readAll(bootstrapServers, topic));
    }

    /**
     * Waits until analytics has counted the whole file, then answers the (window, crime
     * type, disposition) rows whose count differs from an independent count of the file;
     * empty when every row is exact.
     */
    static List<String> analyticsVersusFile(int port) {
        Map<HourlyCounts.Key, Long> expected = HourlyCounts.of(RealCalls.inFileOrder());
        ServiceHttp.awaitJson(port, "/api/analytics/calls-per-window",
                w -> AnalyticsResults.total(w) >= RealCalls.TOTAL);
        Map<HourlyCounts.Key, Long> answered = AnalyticsResults.rows(port, LocalDate.of(2018, 10, 1),
                LocalDate.of(2018, 12, 31));
        log.info("analytics: {} rows (the file: {}); progress {}", answered.size(), expected.size(),
                ServiceHttp.get(port, "/api/analytics/progress").path("totals"));
        return differences(expected, answered);
    }

    /**
     * The first few keys whose counts differ, as "key: expected N, got M"; empty when the
     * two are equal.
     */
    static <K> List<String> differences(Map<K, Long> expected, Map<K, Long> actual) {
        return Stream.concat(expected.keySet().stream(), actual.keySet().stream())
            .distinct()
            .filter(key -> !expected.getOrDefault(key, 0L).equals(actual.getOrDefault(key, 0L)))
            .limit(20)
            .map(key -> key + ": expected " + expected.getOrDefault(key, 0L) + ", got " + actual.getOrDefault(key, 0L))
            .toList();
    }

}
