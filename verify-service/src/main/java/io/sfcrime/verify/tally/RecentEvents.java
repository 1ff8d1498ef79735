package io.sfcrime.verify.tally;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed-size ring of the last events received. Not thread-safe: the tally guards it.
 */
final class RecentEvents {

    /** Events kept, also the largest {@code limit} of GET /api/verify/recent. */
    static final int CAPACITY = 1_000;

    private final RecentEvent[] ring;

    private int next;

    private int size;

    RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ring = new RecentEvent[capacity];
    }

    void add(RecentEvent event) {
        this.ring[this.next] = event;
        this.next = (this.next + 1) % this.ring.length;
        this.size = Math.min(this.size + 1, this.ring.length);
    }

    /** The last {@code limit} events, newest first. */
    List<RecentEvent> last(int limit) {
        int count = Math.min(limit, this.size);
        List<RecentEvent> events = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            events.add(this.ring[Math.floorMod(this.next - i, this.ring.length)]);
        }
        return events;
    }

    void clear() {
        Arrays.fill(this.ring, null);
        this.next = 0;
        this.size = 0;
    }

}
