package io.sfcrime.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule's shortcut for {@code call_date_time} gives what its definition,
 * {@link LocalDateTime#parse}, gives: the same time, or a refusal.
 */
class CallDateTimeTest {

    @Test
    void theShortcutAgreesWithTheIsoParseOnEveryEdge() {
        List<String> texts = List.of("2018-12-31T23:57:00.000", "2018-10-02T09:11:00.000", "2020-02-29T00:00:00.000",
                "2019-02-29T00:00:00.000", "2018-04-31T12:00:00.000", "2018-13-01T00:00:00.000",
                "2018-00-10T00:00:00.000", "2018-01-00T00:00:00.000", "2018-01-01T24:00:00.000",
                "2018-01-01T23:60:00.000", "2018-01-01T23:59:60.000", "0000-01-01T00:00:00.000",
                "2018-1a-01T00:00:00.000", "2018-01-01T00:00:00.00a", "2018-01-01 00:00:00.000",
                "2018-01-01T00:00:00,000", "2018-01-01T00:00", "2018-01-01T00:00:00.5", "+2018-01-01T00:00:00.00",
                "2018-01-01T00:00:00.000Z", "٢٠١٨-01-01T00:00:00.000");
        for (String text : texts) {
            LocalDateTime expected;
            try {
                expected = LocalDateTime.parse(text);
            }
            catch (DateTimeException ex) {
                assertThatThrownBy(() -> CallRule.parseDateTime(text)).as(text).isInstanceOf(DateTimeException.class);
                continue;
            }
            assertThat(CallRule.parseDateTime(text)).as(text).isEqualTo(expected);
        }
    }

}
