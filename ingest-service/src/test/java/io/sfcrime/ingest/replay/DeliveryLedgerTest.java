package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping a resume relies on: exactly the events Kafka did not acknowledge, and
 * the rest.
 */
class DeliveryLedgerTest {

    @Test
    void aResumeSendsWhatFailedWhatWasNeverAnsweredAndEverythingNotYetHandedOver() {
        DeliveryLedger ledger = new DeliveryLedger();
        for (long number = 0; number < 10; number++) {
            if (number == 3 || number == 7) {
                ledger.fail(number);
            }
            else if (number != 8) {
                ledger.settle(number);
            }
        }

        ResumePlan plan = ledger.resumePlan(10, ResumePlan.EVERYTHING, 25L);

        assertThat(plan.notAcknowledged()).isEqualTo(3);
        assertThat(plan.from()).isEqualTo(10);
        assertThat(plan.count()).isEqualTo(3 + 15);
        assertThat(sentBy(plan, 25)).containsExactly(3L, 7L, 8L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L,
                21L, 22L, 23L, 24L);
    }

    @Test
    void settledNumbersAreForgottenSoMemoryFollowsWhatIsInFlight() {
        DeliveryLedger ledger = new DeliveryLedger();
        long length = 300_000;
        // Acknowledgements come back out of order, as they do from three partitions.
        for (long number = 0; number < length; number += 3) {
            ledger.settle(number + 2);
            ledger.settle(number);
            if (number != 150_000) {
                ledger.settle(number + 1);
            }
        }
        ledger.fail(150_001);

        ResumePlan plan = ledger.resumePlan(length, ResumePlan.EVERYTHING, length);

        assertThat(sentBy(plan, length)).containsExactly(150_001L);
        assertThat(plan.isEmpty()).isFalse();
    }

    @Test
    void aResumeThatFailsInTurnLeavesWhatItDidNotReachAndWhatItFailed() {
        ResumePlan first = new ResumePlan(new long[] { 2, 5, 9 }, 20, 30L);
        DeliveryLedger ledger = new DeliveryLedger();
        ResumePlan.Cursor cursor = first.cursor();
        // The resume gets as far as number 22: 2 acknowledged, 5 failed, 9 and 20
        // acknowledged, 21 never answered.
        for (long number = 0; number < 22; number++) {
            if (!cursor.includes(number) || number == 2 || number == 9 || number == 20) {
                ledger.settle(number);
            }
            else if (number == 5) {
                ledger.fail(number);
            }
        }

        ResumePlan second = ledger.resumePlan(22, first, 30L);

        assertThat(sentBy(second, 30)).containsExactly(5L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L);
        assertThat(second.notAcknowledged()).isEqualTo(2);
        assertThat(second.count()).isEqualTo(10);
    }

    @Test
    void aResumeThatStopsBeforeTheEarlierPendingOnesKeepsThem() {
        ResumePlan first = new ResumePlan(new long[] { 2, 5, 9 }, 20, null);
        DeliveryLedger ledger = new DeliveryLedger();
        for (long number = 0; number < 4; number++) {
            ledger.settle(number);
        }

        ResumePlan second = ledger.resumePlan(4, first, null);

        assertThat(second.from()).isEqualTo(20);
        assertThat(second.notAcknowledged()).isEqualTo(2);
        assertThat(second.count()).as("unknown length").isNull();
        assertThat(second.withEvents(25).count()).isEqualTo(2 + 5);
    }

    @Test
    void aPlanWithNothingLeftIsEmpty() {
        DeliveryLedger ledger = new DeliveryLedger();
        LongStream.range(0, 5).forEach(ledger::settle);

        assertThat(ledger.resumePlan(5, ResumePlan.EVERYTHING, 5L).isEmpty()).isTrue();
        assertThat(ledger.resumePlan(5, ResumePlan.EVERYTHING, null).isEmpty()).as("the length is unknown").isFalse();
        assertThat(ResumePlan.EVERYTHING.isEmpty()).isFalse();
    }

    private static List<Long> sentBy(ResumePlan plan, long length) {
        ResumePlan.Cursor cursor = plan.cursor();
        List<Long> sent = new ArrayList<>();
        for (long number = 0; number < length; number++) {
            if (cursor.includes(number)) {
                sent.add(number);
            }
        }
        return sent;
    }

}
