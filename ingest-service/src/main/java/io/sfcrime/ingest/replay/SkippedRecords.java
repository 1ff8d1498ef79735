package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.SkippedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of a replay that are not sent, or not taken for good: not calls, or too
 * large for Kafka. Each is counted; the first ones are logged one by one and listed in
 * the status, then the log only counts them.
 */
final class SkippedRecords implements Consumer<SkippedRecord> {

    private static final Logger log = LoggerFactory.getLogger(SkippedRecords.class);

    private static final int LISTED = 100;

    private final String file;

    private final ReplayMetrics metrics;

    private final AtomicLong count = new AtomicLong();

    private final List<SkippedRecord> listed = new ArrayList<>();

    SkippedRecords(String file, ReplayMetrics metrics) {
        this.file = file;
        this.metrics = metrics;
    }

    @Override
    public void accept(SkippedRecord record) {
        long skipped = this.count.incrementAndGet();
        this.metrics.skipped();
        if (skipped <= LISTED) {
            synchronized (this.listed) {
                this.listed.add(record);
            }
            log.warn("Skipped record {} at line {} of {}: {} ({})", record.position(), record.line(), this.file,
                    record.reason().code(), record.detail());
        }
        else if (skipped % 1000 == 0) {
            log.warn("Skipped {} records of {} so far", skipped, this.file);
        }
    }

    long count() {
        return this.count.get();
    }

    /** The first skipped records, with their position, line and reason. */
    List<SkippedRecord> listed() {
        synchronized (this.listed) {
            return List.copyOf(this.listed);
        }
    }

}
