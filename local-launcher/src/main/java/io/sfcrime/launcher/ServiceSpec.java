package io.sfcrime.launcher;

import java.util.List;

/**
 * One of the suite's services as the launcher starts it.
 *
 * @param name the module and application name
 * @param port its HTTP port
 * @param heap its maximum heap
 */
record ServiceSpec(String name, int port, String heap) {

    static final List<ServiceSpec> ALL = List.of(new ServiceSpec("ingest-service", 8081, "512m"),
            new ServiceSpec("verify-service", 8082, "512m"), new ServiceSpec("analytics-service", 8083, "3g"));

    String baseUrl() {
        return "http://localhost:" + this.port;
    }
}
