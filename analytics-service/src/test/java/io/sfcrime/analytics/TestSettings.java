package io.sfcrime.analytics;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Settings bound the way the application binds them, for tests that run without a Spring
 * context.
 */
public final class TestSettings {

    private TestSettings() {
    }

    public static AnalyticsProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("sfcrime.analytics",
                AnalyticsProperties.class);
    }

}
