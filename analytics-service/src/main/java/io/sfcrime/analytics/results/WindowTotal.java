package io.sfcrime.analytics.results;

import java.time.LocalDateTime;

/**
 * All calls in one event-time window.
 *
 * @param windowStart inclusive
 * @param windowEnd exclusive
 * @param count calls in the window
 */
public record WindowTotal(LocalDateTime windowStart, LocalDateTime windowEnd, long count) {
}
