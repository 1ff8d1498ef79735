package io.sfcrime.analytics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The page's settings as the application binds them: the defaults point at the other two
 * services on loopback, and a base URL that is more than scheme, host and port is refused
 * at start-up.
 */
class DashboardPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(Settings.class);

    @Test
    void defaults() {
        this.runner.run(context -> {
            DashboardProperties properties = context.getBean(DashboardProperties.class);
            assertThat(properties.ingestUrl()).isEqualTo("http://127.0.0.1:8081");
            assertThat(properties.verifyUrl()).isEqualTo("http://127.0.0.1:8082");
            assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(properties.history()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.sampleEvery()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void aBaseUrlIsSchemeHostAndPortOnly() {
        this.runner.withPropertyValues("sfcrime.dashboard.ingest-url=https://ingest.internal:9443")
            .run(context -> assertThat(context.getBean(DashboardProperties.class).ingestUrl())
                .isEqualTo("https://ingest.internal:9443"));
        for (String url : new String[] { "http://127.0.0.1:8081/api", "http://user@127.0.0.1:8081",
                "file:///etc/passwd", "http://127.0.0.1:8081?x=1", "gopher://127.0.0.1:8081", "127.0.0.1:8081" }) {
            this.runner.withPropertyValues("sfcrime.dashboard.verify-url=" + url)
                .run(context -> assertThat(context).as(url)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sfcrime.dashboard.verifyUrl")
                    .hasMessageContaining("must be http(s)://host[:port] with no path, query or user"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DashboardProperties.class)
    static class Settings {

    }

}
