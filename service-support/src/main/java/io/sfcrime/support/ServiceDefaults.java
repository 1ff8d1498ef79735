package io.sfcrime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Puts {@code sfcrime-service-defaults.properties} behind every other property source, so
 * that the settings all three services share are written once and each service (its
 * {@code application.yml}, the environment, the command line) can still set them
 * otherwise.
 */
class ServiceDefaults implements EnvironmentPostProcessor, Ordered {

    static final String NAME = "sfcrime-service-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource(NAME, new ClassPathResource(NAME)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(NAME + " is missing from service-support", ex);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

}
