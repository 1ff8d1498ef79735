package io.sfcrime.analytics;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service started by a test, in this JVM or a child one, with the test profile's
 * Spark settings.
 */
public final class AnalyticsApp {

    /**
     * {@code application-sparktest.yml}: the Spark settings of every test that runs the
     * service.
     */
    public static final String TEST_PROFILE = "sparktest";

    private AnalyticsApp() {
    }

    /**
     * The arguments of a service on {@code port} (0: any free one) and {@code brokers},
     * then {@code settings}.
     */
    public static List<String> args(int port, String brokers, String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--spring.profiles.active=" + TEST_PROFILE,
                "--spring.kafka.bootstrap-servers=" + brokers));
        args.addAll(List.of(settings));
        return args;
    }

    /** The service in this JVM on a free port. */
    public static ConfigurableApplicationContext start(String brokers, String... settings) {
        return new SpringApplicationBuilder(AnalyticsApplication.class)
            .run(args(0, brokers, settings).toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

}
