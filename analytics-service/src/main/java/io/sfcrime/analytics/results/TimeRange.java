package io.sfcrime.analytics.results;

import jakarta.validation.constraints.AssertTrue;
import java.time.LocalDateTime;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;

/**
 * Window starts in {@code [from, to)}; either end may be open (null). Bound from the
 * request parameters {@code from} and {@code to} as ISO-8601 local date-times.
 *
 * @param from inclusive, or null
 * @param to exclusive, or null
 */
public record TimeRange(@DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime from,
        @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime to) {

    public static final TimeRange ALL = new TimeRange(null, null);

    /**
     * A range whose ends are the wrong way round holds nothing, so a request for one is a
     * mistake.
     */
    @AssertTrue(message = "'from' must be before 'to'")
    public boolean isOrdered() {
        return this.from == null || this.to == null || this.from.isBefore(this.to);
    }

    public boolean contains(LocalDateTime time) {
        return (this.from == null || !time.isBefore(this.from)) && (this.to == null || time.isBefore(this.to));
    }
}
