package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.analytics.SparkServiceTest;
import io.sfcrime.testkit.CallsTopics;
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
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A real failure that no retry mends: calls the query has not read yet are deleted from
 * the broker, and with failOnDataLoss the query fails. Health turns DOWN with Spark's
 * message; the service keeps restarting the query with back-off (each restart meets the
 * same loss), past the five attempts it used to give up after, and health says how many
 * failures in a row and when the next attempt is due.
 */
@SparkServiceTest
@TestPropertySource(properties = { "sfcrime.analytics.source.topic=" + QueryFailureTest.CALLS,
        "sfcrime.analytics.query.trigger-interval=2s", "sfcrime.analytics.sink.topic=aggregates.failure",
        "sfcrime.analytics.restart.initial-backoff=200ms", "sfcrime.analytics.restart.max-backoff=400ms",
        "sfcrime.analytics.data-dir=target/test-data/failure-${random.uuid}" })
class QueryFailureTest {

    static final String CALLS = "calls.failure";

    @Autowired
    QueryStatus status;

    @Autowired
    TestRestTemplate rest;

    @BeforeAll
    static void createTopic() {
        CallsTopics.create(Replays.brokers(), CALLS);
    }

    @Test
    void healthGoesDownWithTheReasonAndRestartsGoOn() throws Exception {
        RestResults results = new RestResults(this.rest);
        byte[] key = PlainProducer.bytes(RealCalls.inFileOrder().get(0).crimeId());
        byte[] call = PlainProducer.bytes(RealCalls.inFileOrder().get(0).json());
        try (PlainProducer producer = new PlainProducer(Replays.brokers())) {
            producer.send(CALLS, 0, key, call);
            await().atMost(Duration.ofMinutes(2)).until(() -> this.status.totals().inputRows() == 1);
            assertThat(results.sparkQuery().at("/status").asText()).isEqualTo("UP");

            RecordMetadata unread = producer.send(CALLS, 0, key, call);
            producer.send(CALLS, 0, key, call);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Replays.brokers()))) {
                admin
                    .deleteRecords(
                            Map.of(new TopicPartition(CALLS, 0), RecordsToDelete.beforeOffset(unread.offset() + 2)))
                    .all()
                    .get();
            }
        }

        JsonNode query = await().atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(results::sparkQuery, health -> health.at("/details/failuresInARow").asInt() >= 7);
        assertThat(query.at("/status").asText()).isEqualTo("DOWN");
        assertThat(query.at("/details/state").asText()).isIn("STARTING", "ACTIVE", "RESTARTING", "FAILED");
        assertThat(query.at("/details/error").asText()).contains("data may have been lost");
        assertThat(query.at("/details/restarts").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(Instant.parse(query.at("/details/failingSince").asText())).isBefore(Instant.now());

        JsonNode waiting = await().atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(results::sparkQuery, node -> node.at("/details/state").asText().equals("RESTARTING"));
        assertThat(waiting.at("/status").asText()).isEqualTo("DOWN");
        assertThat(Instant.parse(waiting.at("/details/nextAttempt").asText())).isBefore(Instant.now().plusSeconds(1))
            .isAfter(Instant.parse(query.at("/details/failingSince").asText()));

        assertThat(results.progress().at("/error").asText()).contains("data may have been lost");
        assertThat(results.metrics().value("sfcrime_spark_query_restarts_total")).isGreaterThanOrEqualTo(6);
    }

}
