package io.sfcrime.verify.consume;

import io.sfcrime.verify.check.EventCheck;
import io.sfcrime.verify.check.Verdict;
import io.sfcrime.verify.tally.RunTally;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Checks every event of the topic. A rejected event is published to the dead-letter topic before it is counted, so
 * nothing bad is dropped silently: if the DLT cannot take it, the exception goes to the error handler, which
 * retries and then dead-letters it as {@code processing-failed}.
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
            concurrency = "${sfcrime.verify.concurrency}")
    void onEvent(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer) {
        Verdict verdict = this.check.check(record.key(), record.value());
        if (verdict instanceof Verdict.Invalid invalid) {
            this.deadLetterRecoverer.accept(record, consumer,
                    new InvalidEventException(invalid.reason(), invalid.detail()));
        }
        this.tally.record(record, verdict, EndOffsets.of(consumer, record));
    }
}
