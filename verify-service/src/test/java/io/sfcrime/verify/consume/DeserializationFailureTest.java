package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import io.sfcrime.verify.tally.RunTally;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The paths the checks never see, forced by configuring a key deserializer that cannot
 * read the keys: a key it rejects is caught by the ErrorHandlingDeserializer
 * ({@code deserialization-failed}); a key it reads gives the listener an Integer where it
 * expects bytes, which fails, is retried and then dead-lettered
 * ({@code processing-failed}). Both are counted and both land on the DLT: the first with
 * its original bytes, the second with the key as the delegate read it (the Integer 7 as
 * text), since the original bytes are gone by then.
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sfcrime.verify.topic=" + DeserializationFailureTest.TOPIC, "sfcrime.verify.group-id=verify-deserialization",
        "spring.kafka.consumer.properties.spring.deserializer.key.delegate.class="
                + "org.apache.kafka.common.serialization.IntegerDeserializer" })
class DeserializationFailureTest {

    static final String TOPIC = "verify-deserialization";

    @Value("${spring.embedded.kafka.brokers}")
    private String brokers;

    @Autowired
    private RunTally tally;

    @Test
    void failuresBeforeAndInsideTheListenerAreDeadLetteredAndCounted() {
        Call call = RealCalls.inFileOrder().get(0);
        try (PlainProducer producer = new PlainProducer(this.brokers)) {
            producer.send(TOPIC, 0, PlainProducer.bytes(call.crimeId()), PlainProducer.bytes(call.json()));
            producer.send(TOPIC, 0, new byte[] { 0, 0, 0, 7 }, PlainProducer.bytes(call.json()));
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(this.tally.summary().received()).isEqualTo(2);
            assertThat(TopicContents.count(this.brokers, TOPIC + ".DLT")).isEqualTo(2);
        });
        assertThat(this.tally.summary().invalidByReason()).containsEntry("deserialization-failed", 1L)
            .containsEntry("processing-failed", 1L);
        List<ConsumerRecord<String, String>> dead = TopicContents.readAll(this.brokers, TOPIC + ".DLT");
        assertThat(dead).extracting(ConsumerRecord::partition).containsOnly(0);
        assertThat(dead).extracting(ConsumerRecord::offset).containsExactly(0L, 1L);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly(call.crimeId(), "7");
        assertThat(dead).extracting(ConsumerRecord::value).containsOnly(call.json());
        assertThat(dead)
            .extracting(record -> new String(record.headers().lastHeader(DeadLetters.REASON_HEADER).value(),
                    StandardCharsets.UTF_8))
            .containsExactly("deserialization-failed", "processing-failed");
    }

}
