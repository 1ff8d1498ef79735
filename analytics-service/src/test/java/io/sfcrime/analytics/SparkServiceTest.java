package io.sfcrime.analytics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on a random port against the global embedded broker, with the test
 * profile's Spark settings ({@code application-sparktest.yml}) and the Prometheus
 * endpoint; its own SparkSession, stopped after the class. A class adds its topics and
 * data dir with {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@ActiveProfiles(AnalyticsApp.TEST_PROFILE)
@AutoConfigureObservability(tracing = false)
@DirtiesContext
public @interface SparkServiceTest {

}
