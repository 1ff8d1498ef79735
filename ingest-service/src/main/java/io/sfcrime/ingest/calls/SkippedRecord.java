package io.sfcrime.ingest.calls;

import io.sfcrime.calls.Reason;

/**
 * A record of the calls file that cannot be replayed, and why.
 *
 * @param position 1-based position of the record in the file's array
 * @param line line of the file where the record starts
 * @param reason the calls rule's reason
 * @param detail what exactly is wrong with it
 */
public record SkippedRecord(long position, long line, Reason reason, String detail) {
}
