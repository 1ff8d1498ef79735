package io.sfcrime.analytics.pipeline;

import java.time.Duration;

/**
 * The event-time windows of the query.
 *
 * @param length the window length
 * @param slide the slide; equal to the length for tumbling windows
 * @param watermark how far behind the latest event time a window is still updated
 */
public record WindowSpec(Duration length, Duration slide, Duration watermark) {
}
