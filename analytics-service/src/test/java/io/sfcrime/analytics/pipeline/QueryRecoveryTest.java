package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.analytics.SparkServiceTest;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.testkit.RealCalls;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The service starts before its calls topic exists: the query fails, health says so, and
 * a restart after the back-off picks the topic up once it is there; once the restarted
 * query has made progress health is UP again, with the failure kept as the last error.
 */
@SparkServiceTest
@TestPropertySource(properties = { "sfcrime.analytics.source.topic=" + QueryRecoveryTest.CALLS,
        "sfcrime.analytics.sink.topic=aggregates.recovery", "sfcrime.analytics.restart.initial-backoff=3s",
        "sfcrime.analytics.data-dir=target/test-data/recovery-${random.uuid}" })
class QueryRecoveryTest {

    static final String CALLS = "calls.recovery";

    @Autowired
    ResultStore store;

    @Autowired
    TestRestTemplate rest;

    @Test
    void aFailedQueryIsRestartedAndRecovers() {
        RestResults results = new RestResults(this.rest);
        JsonNode failed = await().atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(100))
            .until(results::sparkQuery, health -> health.at("/status").asText().equals("DOWN"));
        assertThat(failed.at("/details/error").asText()).contains("UnknownTopicOrPartition");

        Replays.replay(CALLS, RealCalls.inEventTimeOrder().subList(0, 10));

        JsonNode query = await().atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(results::sparkQuery,
                    health -> this.store.totalCount() == 10 && health.at("/status").asText().equals("UP"));
        assertThat(query.at("/details/restarts").asLong()).isPositive();
        assertThat(query.at("/details/lastError").asText()).contains("UnknownTopicOrPartition");
    }

}
