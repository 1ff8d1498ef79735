package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.CallEvent;
import io.sfcrime.ingest.calls.CallStream;
import io.sfcrime.ingest.calls.SkippedRecord;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The events a run sends, in the replay's order, each with its number in the replay's
 * sequence (0-based, counted on over the passes of a loop): the calls file read pass
 * after pass up to the limit, without the numbers the run's {@link ResumePlan} leaves
 * out. Knows the length of the whole sequence as soon as it can be known. Read by the
 * replay thread only, apart from {@link #length}.
 */
final class EventSequence implements AutoCloseable {

    /**
     * @param number the event's number in the replay's sequence
     * @param newPass the first event since a pass of the file began: a paced replay
     * starts its schedule again
     */
    record Numbered(long number, CallEvent call, boolean newPass) {
    }

    private final ReplayOptions options;

    private final ResumePlan plan;

    private final ResumePlan.Cursor cursor;

    private final Consumer<SkippedRecord> onSkip;

    private final LongConsumer passedOver;

    private CallStream calls;

    private int passes;

    private boolean newPass;

    private boolean ended;

    /**
     * True while the last event answered has not been followed by another call: it is not
     * done with yet.
     */
    private boolean holding;

    /** The first number not done with: handed on, or left out. */
    private long next;

    /** The length of the whole sequence, where known. */
    private volatile Long length;

    /**
     * @param onSkip told of every record of the file that is not a call
     * @param passedOver told of every number the plan leaves out
     */
    EventSequence(ReplayOptions options, ResumePlan plan, Consumer<SkippedRecord> onSkip, LongConsumer passedOver) {
        this.options = options;
        this.plan = plan;
        this.cursor = plan.cursor();
        this.onSkip = onSkip;
        this.passedOver = passedOver;
        this.length = plan.events();
        if (options.loop()) {
            learnLength(options.limit());
        }
    }

    /**
     * The next event to send; the one answered before is done with.
     * @param stopped looked at before each new pass: a loop over a file without calls
     * ends only so
     * @return null at the end of the sequence, or when {@code stopped} says so at a new
     * pass
     * @throws io.sfcrime.ingest.calls.CallsFileException if the file breaks off; the
     * events before stay good
     */
    Numbered next(BooleanSupplier stopped) {
        if (this.holding) {
            this.holding = false;
            this.next++;
        }
        while (!this.ended) {
            if (this.options.limit() != null && this.next >= this.options.limit()) {
                end();
            }
            else if (this.calls == null) {
                if (this.passes > 0 && (!this.options.loop() || stopped.getAsBoolean())) {
                    end();
                }
                else {
                    openPass();
                }
            }
            else {
                CallEvent call = this.calls.next();
                if (call == null) {
                    closePass();
                }
                else if (!this.cursor.includes(this.next)) {
                    this.passedOver.accept(this.next++);
                }
                else {
                    this.holding = true;
                    boolean first = this.newPass;
                    this.newPass = false;
                    return new Numbered(this.next, call, first);
                }
            }
        }
        return null;
    }

    /**
     * The first number of the sequence not done with: the run looked at every one before
     * it.
     */
    long position() {
        return this.next;
    }

    /** The length of the whole sequence, where known. */
    Long length() {
        return this.length;
    }

    /** How many events the run sends in all, where known. */
    Long total() {
        Long known = this.length;
        return known == null ? null : this.plan.withEvents(known).count();
    }

    private void openPass() {
        this.calls = this.options.order() == ReplayOrder.FILE ? this.options.callsFile().inFileOrder(this.onSkip)
                : this.options.callsFile().inEventTimeOrder(this.onSkip);
        this.passes++;
        this.newPass = true;
        if (!this.options.loop() && this.calls.size().isPresent()) {
            long size = this.calls.size().getAsLong();
            learnLength(this.options.limit() == null ? size : Math.min(size, this.options.limit()));
        }
    }

    private void closePass() {
        this.calls.close();
        this.calls = null;
    }

    /** A sequence that is not a loop ends where its length is. */
    private void end() {
        this.ended = true;
        close();
        if (!this.options.loop()) {
            learnLength(this.next);
        }
    }

    private void learnLength(Long known) {
        if (known != null && this.length == null) {
            this.length = known;
        }
    }

    @Override
    public void close() {
        if (this.calls != null) {
            closePass();
        }
    }

}
