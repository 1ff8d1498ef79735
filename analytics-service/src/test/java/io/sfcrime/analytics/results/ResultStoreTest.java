package io.sfcrime.analytics.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a micro-batch added to the counts, the figure the late-row count is derived from.
 */
class ResultStoreTest {

    private static final LocalDateTime T0 = LocalDateTime.parse("2018-10-01T00:00");

    private final ResultStore store = new ResultStore();

    @Test
    void aBatchAddsTheDifferenceToTheQuerysPreviousCount() {
        this.store.apply(this.store.prepare(List.of(row("Theft", 3), row("Fire", 1)), "q1", 0));

        List<StoredCount> next = this.store.prepare(List.of(row("Theft", 5)), "q1", 1);

        assertThat(next).extracting(StoredCount::previousCount, StoredCount::added).containsExactly(tuple(3L, 2L));
        this.store.apply(next);
        assertThat(this.store.totalCount()).isEqualTo(6);
    }

    @Test
    void aBatchRunAgainAfterACrashAddsWhatItAddedTheFirstTime() {
        this.store.apply(this.store.prepare(List.of(row("Theft", 3)), "q1", 0));
        this.store.apply(this.store.prepare(List.of(row("Theft", 5)), "q1", 1));

        List<StoredCount> rerun = this.store.prepare(List.of(row("Theft", 5)), "q1", 1);

        assertThat(rerun.get(0).added()).isEqualTo(2);
    }

    @Test
    void aNewQueryOverAnOldTopicCountsFromZero() {
        this.store.apply(this.store.prepare(List.of(row("Theft", 3)), "old", 0));

        List<StoredCount> fresh = this.store.prepare(List.of(row("Theft", 3)), "new", 0);

        assertThat(fresh.get(0).added()).isEqualTo(3);
    }

    private static WindowCount row(String type, long count) {
        return new WindowCount(T0, T0.plusHours(1), type, "ARR", "Arrest", count);
    }

}
