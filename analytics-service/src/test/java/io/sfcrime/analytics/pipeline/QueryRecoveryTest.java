package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The service starts before its calls topic exists: the query fails, health says so, and a restart after the
 * back-off picks the topic up once it is there; once the restarted query has made progress health is UP again,
 * with the failure kept as the last error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sfcrime.analytics.spark.master=local[2]", "sfcrime.analytics.spark.ui-enabled=false",
        "sfcrime.analytics.query.shuffle-partitions=2",
        "sfcrime.analytics.source.topic=" + QueryRecoveryTest.CALLS,
        "sfcrime.analytics.sink.topic=aggregates.recovery",
        "sfcrime.analytics.restart.initial-backoff=3s",
        "sfcrime.analytics.data-dir=target/test-data/recovery-${random.uuid}" })
@DirtiesContext
class QueryRecoveryTest {

    static final String CALLS = "calls.recovery";

    @Autowired
    QueryStatus status;

    @Autowired
    ResultStore store;

    @Autowired
    TestRestTemplate rest;

    @Autowired
    ObjectMapper mapper;

    @Test
    void aFailedQueryIsRestartedAndRecovers() throws Exception {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> sparkQuery().at("/status").asText().equals("DOWN"));
        assertThat(sparkQuery().at("/details/error").asText()).contains("UnknownTopicOrPartition");

        Replays.createCallsTopic(CALLS);
        try (PlainProducer producer = new PlainProducer(Replays.brokers())) {
            producer.sendCalls(CALLS, RealCalls.inEventTimeOrder().subList(0, 10));
        }

        JsonNode query = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(this::sparkQuery, health -> this.store.totalCount() == 10
                        && health.at("/status").asText().equals("UP"));
        assertThat(query.at("/details/restarts").asLong()).isPositive();
        assertThat(query.at("/details/lastError").asText()).contains("UnknownTopicOrPartition");
    }

    private JsonNode sparkQuery() throws Exception {
        return this.mapper.readTree(this.rest.getForObject("/actuator/health", String.class))
                .at("/components/sparkQuery");
    }
}
