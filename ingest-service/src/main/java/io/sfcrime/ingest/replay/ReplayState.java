package io.sfcrime.ingest.replay;

/** The life of a replay. */
enum ReplayState {

    /** No replay has run since the service started. */
    IDLE, RUNNING,
    /** Stopped on request before the end. */
    STOPPED,
    /**
     * Every event was sent and Kafka acknowledged each (records it refused as too large
     * are skipped).
     */
    COMPLETED,
    /**
     * The file broke off, Kafka did not acknowledge an event within the producer's
     * delivery timeout, too many sends failed in a row, or some events were not
     * acknowledged; see {@code lastError} and, for a resume, {@code resume}.
     */
    FAILED

}
