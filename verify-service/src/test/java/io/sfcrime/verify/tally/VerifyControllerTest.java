package io.sfcrime.verify.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sfcrime.calls.CallVerdict;
import io.sfcrime.calls.Reason;
import io.sfcrime.verify.VerifyProperties;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The controller with a real tally behind it, fed directly: parameters, problem details,
 * reset.
 */
@WebMvcTest(VerifyController.class)
@Import({ RunTally.class, VerifyMetrics.class, VerifyControllerTest.Metrics.class })
@EnableConfigurationProperties(VerifyProperties.class)
class VerifyControllerTest {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private RunTally tally;

    @BeforeEach
    void twelveEvents() {
        this.tally.reset();
        for (int offset = 0; offset < 12; offset++) {
            byte[] key = Integer.toString(offset).getBytes(StandardCharsets.UTF_8);
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("t", 0, offset, key,
                    "{}".getBytes(StandardCharsets.UTF_8));
            if (offset == 5) {
                this.tally.rejected(record, Rejection.of(new CallVerdict.Invalid(Reason.NOT_JSON, "x")), 12);
            }
            else {
                this.tally.valid(record, new CallVerdict.Valid(Integer.toString(183_000_000 + offset % 10),
                        LocalDateTime.of(2018, 10, 2, 9, offset), List.of()), 12);
            }
        }
    }

    @Test
    void recentDefaultsToTheLastTenNewestFirst() throws Exception {
        this.mvc.perform(get("/api/verify/recent"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$", hasSize(10)))
            .andExpect(jsonPath("$[0].offset").value(11))
            .andExpect(jsonPath("$[6].result").value("not-json"))
            .andExpect(jsonPath("$[9].offset").value(2));
    }

    @Test
    void recentTakesALimitUpToTheCapacity() throws Exception {
        this.mvc.perform(get("/api/verify/recent").param("limit", "1"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$", hasSize(1)))
            .andExpect(jsonPath("$[0].key").value("11"))
            .andExpect(jsonPath("$[0].value").value("{}"));
        this.mvc.perform(get("/api/verify/recent").param("limit", "1000"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$", hasSize(12)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-1", "1001", "2147483647" })
    void aLimitOutOfRangeIsAProblem(String limit) throws Exception {
        this.mvc.perform(get("/api/verify/recent").param("limit", limit))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("Bad limit"))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.detail").value("limit must be between 1 and 1000, was " + limit))
            .andExpect(jsonPath("$.min").value(1))
            .andExpect(jsonPath("$.max").value(1000))
            .andExpect(jsonPath("$.instance").value("/api/verify/recent"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ten", "1.5", "99999999999" })
    void aLimitThatIsNotAnIntegerIsAProblem(String limit) throws Exception {
        this.mvc.perform(get("/api/verify/recent").param("limit", limit))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.detail").isNotEmpty());
    }

    @Test
    void summaryCountsWhatTheTallyRecorded() throws Exception {
        this.mvc.perform(get("/api/verify/summary"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.received").value(12))
            .andExpect(jsonPath("$.valid").value(11))
            .andExpect(jsonPath("$.invalid").value(1))
            .andExpect(jsonPath("$.invalidByReason.not-json").value(1))
            .andExpect(jsonPath("$.duplicates").value(2))
            .andExpect(jsonPath("$.distinctCrimeIds").value(9))
            .andExpect(jsonPath("$.earliestEventTime").value("2018-10-02T09:00:00"))
            .andExpect(jsonPath("$.latestEventTime").value("2018-10-02T09:11:00"))
            .andExpect(jsonPath("$.partitions[0].offset").value(11))
            .andExpect(jsonPath("$.partitions[0].lag").value(0))
            .andExpect(jsonPath("$.partitions[0].received").value(12))
            .andExpect(jsonPath("$.partitions[0].rebuilding").value(false))
            .andExpect(jsonPath("$.caughtUp").value(true))
            .andExpect(jsonPath("$.rebuilding").value(false));
    }

    @Test
    void resetAnswersTheEndedRunAndStartsAnEmptyOneKeepingPositions() throws Exception {
        this.mvc.perform(post("/api/verify/reset"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.received").value(12));
        Summary after = this.tally.summary();
        assertThat(after.received()).isZero();
        assertThat(after.distinctCrimeIds()).isZero();
        assertThat(after.earliestEventTime()).isNull();
        assertThat(after.partitions()).singleElement().extracting(PartitionStatus::offset).isEqualTo(11L);
        assertThat(this.tally.recent(10)).isEmpty();
    }

    @Test
    void aWrongMethodIsAProblemToo() throws Exception {
        this.mvc.perform(get("/api/verify/reset"))
            .andExpect(status().isMethodNotAllowed())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Metrics {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

    }

}
