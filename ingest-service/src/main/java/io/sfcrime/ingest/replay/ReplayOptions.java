package io.sfcrime.ingest.replay;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.sfcrime.ingest.calls.CallsFile;

/**
 * The checked options of one replay: exactly one of a rate (0 = as fast as possible) or a
 * speed-up.
 *
 * @param rate events per second, 0 for as fast as possible; null when paced by speed-up
 * @param speedup times event time; null when paced by rate
 * @param order the order of the events
 * @param limit the first N events only; null for all
 * @param loop start again at the end
 * @param file where the calls come from
 * @param callsFile the opened-for-checking file
 * @param fileVersion the file's size and modification time when the options were checked:
 * a resume must read the same file, or the events it numbers would not be the ones the
 * failed replay numbered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReplayOptions(Double rate, Double speedup, ReplayOrder order, Long limit, boolean loop, String file,
        @JsonIgnore CallsFile callsFile, @JsonIgnore String fileVersion) {
}
