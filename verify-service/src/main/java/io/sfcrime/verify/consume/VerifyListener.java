package io.sfcrime.verify.consume;

import io.sfcrime.calls.CallRule;
import io.sfcrime.calls.CallVerdict;
import io.sfcrime.verify.VerifyProperties;
import io.sfcrime.verify.tally.Rejection;
import io.sfcrime.verify.tally.RunTally;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Checks every event of the topic with the calls rule. A rejected event is thrown as an
 * {@link InvalidEventException} to the error handler, whose {@link RejectedRecords}
 * dead-letters it before it is counted, so nothing bad is dropped silently. A record
 * below the group's committed offset at assignment (see {@link PartitionTracker}) is only
 * counted, valid or not: it was dead-lettered before, and acknowledging it would move the
 * group's offset back.
 *
 * <p>
 * Topic, group and threads come from {@link VerifyProperties} (the {@code __listener}
 * expressions read this bean), so that their defaults are the record's. The container's
 * manual acks and cooperative sticky assignment are set by
 * {@code system.KafkaConfiguration}.
 */
@Component
class VerifyListener {

    static final String ID = "verify";

    /** The count needs each call's id and time only. */
    private static final CallRule RULE = CallRule.keeping();

    private final RunTally tally;

    private final VerifyProperties properties;

    VerifyListener(RunTally tally, VerifyProperties properties) {
        this.tally = tally;
        this.properties = properties;
    }

    @KafkaListener(id = ID, topics = "#{__listener.topic}", groupId = "#{__listener.groupId}",
            concurrency = "#{__listener.concurrency}")
    void onEvent(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer, Acknowledgment ack) {
        boolean recounting = this.tally.recounting(record);
        CallVerdict verdict = RULE.check(record.key(), record.value());
        if (verdict instanceof CallVerdict.Invalid invalid) {
            if (!recounting) {
                throw new InvalidEventException(invalid);
            }
            this.tally.rejected(record, Rejection.of(invalid), EndOffsets.of(consumer, record));
            return;
        }
        this.tally.valid(record, (CallVerdict.Valid) verdict, EndOffsets.of(consumer, record));
        if (!recounting) {
            ack.acknowledge();
        }
    }

    public String getTopic() {
        return this.properties.topic();
    }

    public String getGroupId() {
        return this.properties.groupId();
    }

    public int getConcurrency() {
        return this.properties.concurrency();
    }

}
