package io.sfcrime.verify.tally;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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

    private static final int KEY_CHARS = 200;

    /**
     * The record as the list shows it: key and value as text, the value cut to
     * {@code previewChars}.
     */
    static RecentEvent of(ConsumerRecord<?, ?> record, String result, int previewChars) {
        Object value = record.value();
        int valueBytes = value instanceof byte[] bytes ? bytes.length : record.serializedValueSize();
        return new RecentEvent(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                text(record.key(), KEY_CHARS), result, text(value, previewChars), Math.max(valueBytes, 0));
    }

    private static String text(Object value, int maxChars) {
        if (value == null) {
            return null;
        }
        String text;
        if (value instanceof byte[] bytes) {
            int head = (int) Math.min(bytes.length, (long) maxChars * 4);
            text = new String(bytes, 0, head, StandardCharsets.UTF_8);
        }
        else {
            text = String.valueOf(value);
        }
        return text.length() > maxChars ? text.substring(0, maxChars) : text;
    }
}
