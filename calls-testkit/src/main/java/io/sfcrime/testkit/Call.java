package io.sfcrime.testkit;

import java.time.LocalDateTime;

/**
 * One record of the real calls file as the tests see it.
 *
 * @param position 1-based position in the file's array
 * @param crimeId {@code crime_id}
 * @param callDateTime {@code call_date_time}, local time of San Francisco
 * @param crimeType {@code original_crime_type_name}
 * @param disposition {@code disposition}
 * @param json the record re-serialised compactly, fields in the file's order
 */
public record Call(int position, String crimeId, LocalDateTime callDateTime, String crimeType, String disposition,
        String json) {
}
