package io.sfcrime.verify.tally;

/**
 * Where the listener is in one partition.
 *
 * @param partition the partition
 * @param offset the last offset read (checked or dead-lettered); null before the first record
 * @param endOffset the partition's end (high watermark) as of the last fetch; null if not known yet
 * @param lag records after {@code offset} up to the end; null if the end is not known yet
 * @param assigned whether this instance currently owns the partition
 */
public record PartitionStatus(int partition, Long offset, Long endOffset, Long lag, boolean assigned) {
}
