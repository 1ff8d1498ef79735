package io.sfcrime.ingest.calls;

import java.time.LocalDateTime;

/**
 * One readable call of the calls file.
 *
 * @param position 1-based position of the record in the file's array
 * @param line line of the file where the record starts
 * @param crimeId {@code crime_id}: the Kafka key
 * @param callDateTime {@code call_date_time}: the event time, local time of San Francisco
 * @param json the record as compact JSON, fields and values as in the file: the Kafka
 * value
 */
public record CallEvent(long position, long line, String crimeId, LocalDateTime callDateTime, String json) {
}
