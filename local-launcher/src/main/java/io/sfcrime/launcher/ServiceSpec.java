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

    /** The three services on consecutive ports from {@code portBase} (8081: ingest, verify, analytics). */
    static List<ServiceSpec> all(int portBase) {
        return List.of(new ServiceSpec("ingest-service", portBase, "512m"),
                new ServiceSpec("verify-service", portBase + 1, "512m"),
                new ServiceSpec("analytics-service", portBase + 2, "3g"));
    }

    String baseUrl() {
        return "http://localhost:" + this.port;
    }
}
