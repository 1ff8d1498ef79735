package io.sfcrime.ingest.replay;

/** The life of a replay. */
enum ReplayState {
    /** No replay has run since the service started. */
    IDLE,
    RUNNING,
    /** Stopped on request before the end. */
    STOPPED,
    /** Every event was sent and Kafka answered for each. */
    COMPLETED,
    /** The file broke off, or too many sends failed in a row; see {@code lastError}. */
    FAILED
}
