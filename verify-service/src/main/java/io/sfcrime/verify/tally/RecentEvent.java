package io.sfcrime.verify.tally;

import java.time.Instant;

/**
 * One event as the recent list shows it.
 *
 * @param partition partition of the topic
 * @param offset offset in the partition
 * @param timestamp the record's Kafka timestamp
 * @param key the key as text (null if none)
 * @param result {@code valid} or the reason it is invalid
 * @param value the value as text, cut to the preview length (null if none)
 * @param valueBytes the value's full length in bytes
 */
public record RecentEvent(int partition, long offset, Instant timestamp, String key, String result, String value,
        int valueBytes) {
}
