package io.sfcrime.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String PAGE = """
            # HELP sfcrime_verify_events_total Events seen
            # TYPE sfcrime_verify_events_total counter
            sfcrime_verify_events_total{application="verify-service",result="valid"} 199999.0
            sfcrime_verify_events_total{application="verify-service",result="invalid"} 47.0
            sfcrime_replay_rate{application="ingest-service"} 1.5E3
            process_uptime_seconds 12.5 1700000000000
            odd_label{path="a\\"b,c",application="x"} NaN
            """;

    @Test
    void readsNamesLabelsAndValues() {
        PrometheusText page = PrometheusText.parse(PAGE);

        assertThat(page.names()).containsExactly("odd_label", "process_uptime_seconds", "sfcrime_replay_rate",
                "sfcrime_verify_events_total");
        assertThat(page.sum("sfcrime_verify_events_total")).isEqualTo(200_046.0);
        assertThat(page.value("sfcrime_verify_events_total", Map.of("result", "invalid"))).isEqualTo(47.0);
        assertThat(page.value("sfcrime_replay_rate")).isEqualTo(1500.0);
        assertThat(page.value("process_uptime_seconds")).isEqualTo(12.5);
        assertThat(page.samples().get(4).labels()).containsExactly(Map.entry("path", "a\"b,c"),
                Map.entry("application", "x"));
        assertThat(page.sum("absent")).isZero();
    }

    @Test
    void saysWhenNotExactlyOneSampleMatchesOrALineIsNotASample() {
        PrometheusText page = PrometheusText.parse(PAGE);

        assertThatThrownBy(() -> page.value("sfcrime_verify_events_total")).isInstanceOf(AssertionError.class)
            .hasMessageStartingWith("2 samples of sfcrime_verify_events_total");
        assertThatThrownBy(() -> page.value("absent")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> PrometheusText.parse("not a sample line {"))
            .isInstanceOf(IllegalArgumentException.class);
    }

}
