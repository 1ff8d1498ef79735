package io.sfcrime.analytics.results;

import java.time.LocalDateTime;

/** What identifies a result row; serialised as the Kafka key of the compacted topic. */
public record AggregateKey(LocalDateTime windowStart, LocalDateTime windowEnd, String crimeType, String disposition) {
}
