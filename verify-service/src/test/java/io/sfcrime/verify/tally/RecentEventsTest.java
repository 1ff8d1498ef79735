package io.sfcrime.verify.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    @Test
    void keepsTheLastEventsNewestFirst() {
        RecentEvents recent = new RecentEvents(3);
        assertThat(recent.last(3)).isEmpty();
        for (long offset = 0; offset < 5; offset++) {
            recent.add(new RecentEvent(0, offset, Instant.EPOCH, null, "valid", null, 0));
        }
        assertThat(recent.last(10)).extracting(RecentEvent::offset).containsExactly(4L, 3L, 2L);
        assertThat(recent.last(2)).extracting(RecentEvent::offset).containsExactly(4L, 3L);
        recent.clear();
        assertThat(recent.last(3)).isEmpty();
    }

}
