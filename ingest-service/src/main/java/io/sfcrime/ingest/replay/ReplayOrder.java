package io.sfcrime.ingest.replay;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The order a replay sends the calls in. */
enum ReplayOrder {

    /** Oldest call first, as a live feed would deliver them. */
    EVENT_TIME("event-time"),

    /**
     * The file's own order: the real file is newest first, so event time runs backwards.
     */
    FILE("file");

    private final String value;

    ReplayOrder(String value) {
        this.value = value;
    }

    @JsonValue
    String value() {
        return this.value;
    }

    static Optional<ReplayOrder> parse(String text) {
        return Arrays.stream(values()).filter(order -> order.value.equalsIgnoreCase(text.trim())).findFirst();
    }

}
