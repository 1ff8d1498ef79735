package io.sfcrime.ingest.calls;

import java.time.LocalDateTime;

/**
 * One readable call of the calls file.
 *
 * @param position 1-based position of the record in the file's array
 * @param line line of the file where the record starts
 * @param crimeId {@code crime_id}: the Kafka key
 * @param callDateTime {@code call_date_time}: the event time, local time of San Francisco
 * @param value the record as compact JSON in UTF-8, fields and values as in the file: the
 * Kafka value, bytes as they are sent, never decoded to a string and encoded again
 */
public record CallEvent(long position, long line, String crimeId, LocalDateTime callDateTime, byte[] value) {
}
