package io.sfcrime.analytics.pipeline;

import java.time.Instant;

/**
 * The query's failures as one value, so that health reads them together.
 *
 * @param lastError the last failure's message without its stack trace, or null; kept once
 * the failures are over
 * @param inARow failures since the query last made progress
 * @param since when the failures in a row began, or null
 * @param nextAttempt when the next attempt is due while RESTARTING, or null
 */
public record Failures(String lastError, int inARow, Instant since, Instant nextAttempt) {

    static final Failures NONE = new Failures(null, 0, null, null);

    Failures failed(String error, Instant now) {
        return new Failures(error, this.inARow + 1, this.since == null ? now : this.since, null);
    }

    Failures retryingAt(Instant at) {
        return new Failures(this.lastError, this.inARow, this.since, at);
    }

    /**
     * The query made progress: the failures in a row are over, the last error is kept.
     */
    Failures over() {
        return new Failures(this.lastError, 0, null, null);
    }
}
