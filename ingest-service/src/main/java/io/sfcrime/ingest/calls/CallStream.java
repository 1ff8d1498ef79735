package io.sfcrime.ingest.calls;

import java.io.Closeable;
import java.util.OptionalLong;

/** Calls in replay order, one at a time. */
public interface CallStream extends Closeable {

    /**
     * The next call, or {@code null} at the end.
     * @throws CallsFileException if the file breaks off or stops being JSON; the calls
     * returned before stay good
     */
    CallEvent next();

    /** How many calls the stream yields, where known before the end. */
    OptionalLong size();

    @Override
    void close();

}
