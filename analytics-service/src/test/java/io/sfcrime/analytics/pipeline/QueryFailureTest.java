package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.analytics.Replays;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A real failure that no retry mends: calls the query has not read yet are deleted from the broker, and with
 * failOnDataLoss the query fails. Health turns DOWN with Spark's message; the service keeps restarting the query
 * with back-off (each restart meets the same loss), past the five attempts it used to give up after, and health
 * says how many failures in a row and when the next attempt is due.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sfcrime.analytics.spark.master=local[2]", "sfcrime.analytics.spark.ui-enabled=false",
        "sfcrime.analytics.query.shuffle-partitions=2", "sfcrime.analytics.query.trigger-interval=2s",
        "sfcrime.analytics.source.topic=" + QueryFailureTest.CALLS,
        "sfcrime.analytics.sink.topic=aggregates.failure",
        "sfcrime.analytics.restart.initial-backoff=200ms", "sfcrime.analytics.restart.max-backoff=400ms",
        "sfcrime.analytics.data-dir=target/test-data/failure-${random.uuid}" })
@AutoConfigureObservability(tracing = false)
@DirtiesContext
class QueryFailureTest {

    static final String CALLS = "calls.failure";

    @Autowired
    QueryStatus status;

    @Autowired
    TestRestTemplate rest;

    @Autowired
    ObjectMapper mapper;

    @BeforeAll
    static void createTopic() {
        Replays.createCallsTopic(CALLS);
    }

    @Test
    void healthGoesDownWithTheReasonAndRestartsGoOn() throws Exception {
        byte[] call = PlainProducer.bytes(RealCalls.inFileOrder().get(0).json());
        try (PlainProducer producer = new PlainProducer(Replays.brokers())) {
            producer.send(CALLS, 0, PlainProducer.bytes("k"), call);
            await().atMost(Duration.ofMinutes(2)).until(() -> this.status.inputRows() == 1);
            assertThat(health().at("/components/sparkQuery/status").asText()).isEqualTo("UP");

            RecordMetadata unread = producer.send(CALLS, 0, PlainProducer.bytes("k"), call);
            producer.send(CALLS, 0, PlainProducer.bytes("k"), call);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Replays.brokers()))) {
                admin.deleteRecords(Map.of(new TopicPartition(CALLS, 0),
                        RecordsToDelete.beforeOffset(unread.offset() + 2))).all().get();
            }
        }

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> this.status.failuresInARow() >= 7);
        JsonNode query = health().at("/components/sparkQuery");
        assertThat(query.at("/status").asText()).isEqualTo("DOWN");
        assertThat(query.at("/details/state").asText()).isIn("STARTING", "ACTIVE", "RESTARTING", "FAILED");
        assertThat(query.at("/details/error").asText()).contains("data may have been lost");
        assertThat(query.at("/details/failuresInARow").asInt()).isGreaterThanOrEqualTo(7);
        assertThat(query.at("/details/restarts").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(Instant.parse(query.at("/details/failingSince").asText())).isBefore(Instant.now());

        JsonNode waiting = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> health().at("/components/sparkQuery"),
                        node -> node.at("/details/state").asText().equals("RESTARTING"));
        assertThat(waiting.at("/status").asText()).isEqualTo("DOWN");
        assertThat(Instant.parse(waiting.at("/details/nextAttempt").asText())).isBefore(Instant.now().plusSeconds(1))
                .isAfter(Instant.parse(query.at("/details/failingSince").asText()));

        JsonNode progress = this.mapper.readTree(this.rest.getForObject("/api/analytics/progress", String.class));
        assertThat(progress.at("/error").asText()).contains("data may have been lost");

        String metrics = this.rest.getForObject("/actuator/prometheus", String.class);
        assertThat(EventTimeReplayTest.metric(metrics, "sfcrime_spark_query_restarts_total")).isGreaterThanOrEqualTo(6);
    }

    private JsonNode health() throws Exception {
        ResponseEntity<String> response = this.rest.getForEntity("/actuator/health", String.class);
        return this.mapper.readTree(response.getBody());
    }
}
