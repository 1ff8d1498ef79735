package io.sfcrime.analytics.dashboard;

import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the web page at {@code /}, prefix {@code sfcrime.dashboard}; the defaults
 * are the {@code @DefaultValue}s here. The two base URLs are the only places the page's
 * proxy ever sends a request to; each is a scheme, a host and a port, nothing more, so no
 * path of the proxy's can be bent elsewhere by a setting either.
 *
 * @param ingestUrl ingest-service's base URL: the replay status, start and stop are
 * forwarded there
 * @param verifyUrl verify-service's base URL: its summary is forwarded from there
 * @param timeout the longest the proxy waits for either service to connect, and then to
 * answer, before it reports the service as down
 * @param history how far back the page's Spark chart reaches (batches kept in memory)
 * @param sampleEvery how often the query's latest batch is looked at for that chart
 */
@Validated
@ConfigurationProperties(prefix = "sfcrime.dashboard", ignoreUnknownFields = false)
public record DashboardProperties(
        @DefaultValue("http://127.0.0.1:8081") @Pattern(regexp = BASE_URL, message = BASE_URL_MESSAGE) String ingestUrl,
        @DefaultValue("http://127.0.0.1:8082") @Pattern(regexp = BASE_URL, message = BASE_URL_MESSAGE) String verifyUrl,
        @DefaultValue("3s") @DurationMin(millis = 1, message = POSITIVE) @DurationMax(minutes = 1) Duration timeout,
        @DefaultValue("5m") @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration history,
        @DefaultValue("1s") @DurationMin(millis = 100) @DurationMax(minutes = 1) Duration sampleEvery) {

    private static final String BASE_URL = "https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?";

    private static final String BASE_URL_MESSAGE = "must be http(s)://host[:port] with no path, query or user";

    private static final String POSITIVE = "must be positive";

}
