package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Records too large, among good calls: one over the topic's {@code max.message.bytes}
 * (2000 bytes here), which Kafka refuses, and one of 1.1 MB, over the calls rule's 64 KiB
 * (and the producer's {@code max.request.size}), which is never sent. Both are skipped
 * and reported with their position and reason {@code too-large}, every good call reaches
 * the topic, the replay completes. Without {@link TopicLimit} the producer's 256 KB
 * batches would be refused by the broker and split and retried until the delivery
 * timeout: a hang.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "sfcrime.replay.topic.name=" + RecordTooLargeTest.TOPIC })
class RecordTooLargeTest {

    static final String TOPIC = "calls.too-large";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The topic's limit: a batch of a few real calls (about 420 bytes each) fits after
     * lz4, the big records do not.
     */
    private static final int MAX_MESSAGE_BYTES = 2000;

    @TempDir
    static Path dir;

    @Autowired
    private TestRestTemplate rest;

    private ReplayClient replay;

    /**
     * The topic exists, with its small limit, before the service starts and would create
     * it with the defaults; the test writes its file under the replay files directory.
     */
    @DynamicPropertySource
    static void topicWithASmallMessageLimit(DynamicPropertyRegistry registry) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.embedded.kafka.brokers"));
        try (Admin admin = Admin.create(config)) {
            admin
                .createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1)
                    .configs(Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)))))
                .all()
                .get(30, TimeUnit.SECONDS);
        }
        registry.add("sfcrime.replay.files-dir", () -> dir.toString());
    }

    @BeforeEach
    void client() {
        this.replay = new ReplayClient(this.rest);
    }

    @Test
    void aRecordTooLargeForTheBrokerOrTheProducerIsSkippedWithItsPositionAndTheRestGoesOut() throws Exception {
        List<Call> good = RealCalls.inFileOrder().subList(0, 300);
        // Random text does not compress: lz4 cannot bring these under the limits.
        String overBroker = padded(good.get(0), 4_000);
        String overProducer = padded(good.get(1), 1_100_000);
        List<String> records = new ArrayList<>(good.stream().map(Call::json).toList());
        records.add(100, overBroker);
        records.add(201, overProducer);
        Path file = Files.writeString(dir.resolve("some-too-large.json"), "[" + String.join(",\n", records) + "]");
        double skippedBefore = this.replay.meter("sfcrime_replay_events_skipped_total");

        JsonNode status = this.replay.replayToTheEnd("{\"file\": \"" + file + "\", \"order\": \"file\"}");

        assertThat(status.get("state").asText()).isEqualTo("COMPLETED");
        // The record over the producer's limit is over the calls rule's 64 KiB too:
        // skipped before it is sent.
        assertThat(status.get("sent").asLong()).isEqualTo(301);
        assertThat(status.get("acknowledged").asLong()).isEqualTo(300);
        assertThat(status.get("failed").asLong()).isZero();
        assertThat(status.get("skipped").asLong()).isEqualTo(2);
        assertThat(status.get("inFlight").asLong()).isZero();
        JsonNode skips = status.get("skippedRecords");
        assertThat(skips).hasSize(2);
        List<Long> positions = List.of(skips.get(0).get("position").asLong(), skips.get(1).get("position").asLong());
        assertThat(positions).containsExactlyInAnyOrder(101L, 202L);
        for (JsonNode skip : skips) {
            assertThat(skip.get("line").asLong()).isEqualTo(skip.get("position").asLong());
            assertThat(skip.get("reason").asText()).isEqualTo("too-large");
        }
        assertThat(detailAt(skips, 101)).contains("RecordTooLargeException")
            .contains("larger than " + MAX_MESSAGE_BYTES)
            .contains("crime_id " + good.get(0).crimeId())
            .contains("topic " + TOPIC + " takes batches of at most " + MAX_MESSAGE_BYTES + " bytes");
        assertThat(detailAt(skips, 202)).contains("more than the limit of 65536");
        assertThat(this.replay.meter("sfcrime_replay_events_skipped_total")).isEqualTo(skippedBefore + 2);
        List<ConsumerRecord<String, String>> onTopic = TopicContents
            .readAll(System.getProperty("spring.embedded.kafka.brokers"), TOPIC);
        assertThat(onTopic).extracting(ConsumerRecord::value)
            .containsExactlyInAnyOrderElementsOf(good.stream().map(Call::json).toList());
    }

    /**
     * The call with an extra field of random text, so that the record is about
     * {@code size} bytes.
     */
    private static String padded(Call call, int size) throws Exception {
        byte[] random = new byte[size * 3 / 4];
        new Random(size).nextBytes(random);
        ObjectNode node = (ObjectNode) MAPPER.readTree(call.json());
        node.put("padding", Base64.getEncoder().encodeToString(random));
        return MAPPER.writeValueAsString(node);
    }

    private static String detailAt(JsonNode skips, long position) {
        for (JsonNode skip : skips) {
            if (skip.get("position").asLong() == position) {
                return skip.get("detail").asText();
            }
        }
        throw new AssertionError("no skipped record at " + position);
    }

}
