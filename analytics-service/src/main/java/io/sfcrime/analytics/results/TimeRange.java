package io.sfcrime.analytics.results;

import java.time.LocalDateTime;

/**
 * Window starts in {@code [from, to)}; either end may be open (null).
 *
 * @param from inclusive, or null
 * @param to exclusive, or null
 */
public record TimeRange(LocalDateTime from, LocalDateTime to) {

    public static final TimeRange ALL = new TimeRange(null, null);

    public TimeRange {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
    }

    public boolean contains(LocalDateTime time) {
        return (this.from == null || !time.isBefore(this.from)) && (this.to == null || time.isBefore(this.to));
    }
}
