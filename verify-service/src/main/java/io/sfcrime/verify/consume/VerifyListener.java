package io.sfcrime.verify.consume;

import io.sfcrime.verify.check.EventCheck;
import io.sfcrime.verify.check.Verdict;
import io.sfcrime.verify.tally.RunTally;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Checks every event of the topic. A rejected event is published to the dead-letter topic before it is counted, so
 * nothing bad is dropped silently: if the DLT cannot take it, the exception goes to the error handler, which
 * retries and then dead-letters it as {@code processing-failed}. A record below the group's committed offset at
 * assignment (see {@link PartitionTracker}) is only counted: it was dead-lettered before, and acknowledging it would
 * move the group's offset back.
 *
 * <p>The container acknowledges manually and assigns partitions cooperatively (sticky), whatever the settings say:
 * a rebalance then revokes only the partitions that move, so only those are rebuilt.
 */
@Component
class VerifyListener {

    static final String ID = "verify";

    private final EventCheck check;

    private final DeadLetterPublishingRecoverer deadLetterRecoverer;

    private final RunTally tally;

    VerifyListener(EventCheck check, DeadLetterPublishingRecoverer deadLetterRecoverer, RunTally tally) {
        this.check = check;
        this.deadLetterRecoverer = deadLetterRecoverer;
        this.tally = tally;
    }

    @KafkaListener(id = ID, topics = "${sfcrime.verify.topic}", groupId = "${sfcrime.verify.group-id}",
            concurrency = "${sfcrime.verify.concurrency}", containerPostProcessor = KafkaConfig.MANUAL_ACKS,
            properties = "partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
    void onEvent(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer, Acknowledgment ack) {
        boolean recounting = this.tally.recounting(record);
        Verdict verdict = this.check.check(record.key(), record.value());
        if (verdict instanceof Verdict.Invalid invalid && !recounting) {
            this.deadLetterRecoverer.accept(record, consumer,
                    new InvalidEventException(invalid.reason(), invalid.detail()));
        }
        this.tally.record(record, verdict, EndOffsets.of(consumer, record));
        if (!recounting) {
            ack.acknowledge();
        }
    }
}
