package io.sfcrime.verify.consume;

import io.sfcrime.verify.tally.RunTally;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * The error handler's recoverer, the one way to the dead-letter topic: a record the rule
 * rejected, one the deserializer could not read and one whose handling failed after
 * retries is published to the DLT, and counted only once it is there; one below the
 * group's committed offset while its partition is rebuilt is only counted (it was
 * dead-lettered before). If the publication fails, the exception goes back to the error
 * handler, nothing is counted, and the record is not committed: it is handled again.
 */
@Component
public class RejectedRecords implements ConsumerAwareRecordRecoverer {

    private final DeadLetterPublishingRecoverer deadLetters;

    private final RunTally tally;

    RejectedRecords(DeadLetterPublishingRecoverer deadLetters, RunTally tally) {
        this.deadLetters = deadLetters;
        this.tally = tally;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
        if (!this.tally.recounting(record)) {
            this.deadLetters.accept(record, consumer, failure);
        }
        this.tally.rejected(record, DeadLetters.rejection(failure), EndOffsets.of(consumer, record));
    }

}
