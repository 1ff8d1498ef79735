package io.sfcrime.analytics.results;

import java.time.LocalDateTime;

/**
 * Calls in one event-time window for one crime type and disposition: a row of the result.
 *
 * @param windowStart inclusive, local time of San Francisco
 * @param windowEnd exclusive
 * @param crimeType {@code original_crime_type_name}
 * @param disposition the disposition code
 * @param dispositionDescription its radio-code description, or "Unknown"
 * @param count calls so far
 */
public record WindowCount(LocalDateTime windowStart, LocalDateTime windowEnd, String crimeType, String disposition,
        String dispositionDescription, long count) {

    public AggregateKey key() {
        return new AggregateKey(this.windowStart, this.windowEnd, this.crimeType, this.disposition);
    }
}
