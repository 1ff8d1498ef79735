package io.sfcrime.ingest.replay;

/**
 * How a run ended, decided once Kafka answered for everything it was handed.
 *
 * @param state COMPLETED, STOPPED or FAILED
 * @param lastError why the run failed, or the last send error; null if none
 * @param left what a resume of the run would send
 * @param endNanos {@link System#nanoTime} at the end
 */
record ReplayOutcome(ReplayState state, String lastError, ResumePlan left, long endNanos) {

    /**
     * What the status shows of a resume: only a FAILED or STOPPED run that left something
     * can be resumed.
     */
    ReplayStatus.Resume resume() {
        if (this.left.isEmpty() || (this.state != ReplayState.FAILED && this.state != ReplayState.STOPPED)) {
            return null;
        }
        Long length = this.left.events();
        Long fromEvent = length != null && this.left.from() >= length ? null : this.left.from() + 1;
        return new ReplayStatus.Resume(this.left.count(), this.left.notAcknowledged(), fromEvent);
    }
}
