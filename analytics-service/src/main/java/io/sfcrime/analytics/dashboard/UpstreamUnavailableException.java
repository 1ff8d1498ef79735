package io.sfcrime.analytics.dashboard;

/**
 * Another service of the suite did not answer the page's proxy: not running, not
 * reachable, or too slow. The page shows the service as down with this reason.
 */
public class UpstreamUnavailableException extends RuntimeException {

    private final String service;

    UpstreamUnavailableException(String service, String request, String reason) {
        super(service + " is not reachable (" + request + "): " + reason);
        this.service = service;
    }

    /** The service's name, e.g. {@code verify-service}. */
    public String service() {
        return this.service;
    }

}
