package io.sfcrime.verify.consume;

import io.sfcrime.support.DeclaredTopics;
import io.sfcrime.verify.tally.RunTally;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * Before the first dead letter of a start the DLT is created if the broker lacks it, so
 * that a service started before its broker still dead-letters to a topic with its
 * partitions and record limit ({@link DeclaredTopics}).
 */
@Component
public class RejectedRecords implements ConsumerAwareRecordRecoverer {

    private final DeadLetterPublishingRecoverer deadLetters;

    private final RunTally tally;

    private final DeclaredTopics declaredTopics;

    private final NewTopic deadLetterTopic;

    private volatile boolean deadLetterTopicChecked;

    RejectedRecords(DeadLetterPublishingRecoverer deadLetters, RunTally tally, DeclaredTopics declaredTopics,
            @Qualifier("deadLetterTopic") NewTopic deadLetterTopic) {
        this.deadLetters = deadLetters;
        this.tally = tally;
        this.declaredTopics = declaredTopics;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
        if (!this.tally.recounting(record)) {
            if (!this.deadLetterTopicChecked) {
                this.declaredTopics.createIfMissing(this.deadLetterTopic);
                this.deadLetterTopicChecked = true;
            }
            this.deadLetters.accept(record, consumer, failure);
        }
        this.tally.rejected(record, DeadLetters.rejection(failure), EndOffsets.of(consumer, record));
    }

}
