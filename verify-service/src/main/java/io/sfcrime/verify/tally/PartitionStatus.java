package io.sfcrime.verify.tally;

import java.time.Instant;

/**
 * One partition this instance owns: what its count covers and where the listener is in
 * it.
 *
 * @param partition the partition
 * @param offset the last offset read (checked, recounted or dead-lettered); null before
 * the first record
 * @param endOffset the partition's end (high watermark) as of the last fetch; null if not
 * known yet
 * @param lag records after {@code offset} up to the end; null if the end is not known yet
 * @param assigned always true: a partition this instance no longer owns leaves the
 * summary
 * @param startOffset the first offset the count covers: the partition's log start when it
 * was assigned (earlier records were deleted by retention), or the next offset to read at
 * the last reset
 * @param resumeOffset the group's committed offset when the partition was assigned:
 * records from the log start up to it were checked by an earlier owner and are only
 * counted again (rebuild); from it on they are checked and dead-lettered
 * @param rebuilding the listener has not yet read up to {@code resumeOffset}
 * @param received records counted in this partition, from {@code startOffset} to
 * {@code offset}
 * @param assignedAt when this instance was assigned the partition
 */
public record PartitionStatus(int partition, Long offset, Long endOffset, Long lag, boolean assigned, long startOffset,
        long resumeOffset, boolean rebuilding, long received, Instant assignedAt) {
}
