package io.sfcrime.analytics.results;

/**
 * The store is still being read back from the result topic: what it holds would be
 * partial counts.
 */
public class ResultsUnavailableException extends RuntimeException {

    ResultsUnavailableException() {
        super("The results are being read back from the result topic; see /actuator/health for why it takes");
    }

}
