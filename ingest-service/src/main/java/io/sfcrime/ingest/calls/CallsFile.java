package io.sfcrime.ingest.calls;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.springframework.core.io.Resource;

/**
 * A calls file: a JSON array of call objects, gzip-compressed or plain (told apart by the
 * gzip magic bytes, not the name).
 */
public final class CallsFile {

    private static final int BUFFER = 1 << 16;

    private final Resource resource;

    private final String name;

    public CallsFile(Resource resource) {
        this(resource, resource.getDescription());
    }

    /**
     * A calls file named in messages by {@code name}, so that an answer to a user need
     * not show where the service keeps its files.
     */
    public CallsFile(Resource resource, String name) {
        this.resource = resource;
        this.name = name;
    }

    public String description() {
        return this.name;
    }

    /**
     * Checks that the file can be replayed: it exists, is readable, and starts a JSON
     * array.
     * @throws CallsFileException with a message a user can act on
     */
    public void check() {
        if (!this.resource.exists()) {
            throw new CallsFileException("Calls file not found: " + description());
        }
        if (!this.resource.isReadable()) {
            throw new CallsFileException("Calls file is not a readable file: " + description());
        }
        try (CallStream stream = inFileOrder(skipped -> {
        })) {
            stream.size();
        }
    }

    /** The calls in the file's own order, parsed as they are read. */
    public CallStream inFileOrder(Consumer<SkippedRecord> onSkip) {
        return new CallsFileReader(open(), description(), onSkip);
    }

    /** The calls oldest first; see {@link EventTimeOrderedCalls}. */
    public CallStream inEventTimeOrder(Consumer<SkippedRecord> onSkip) {
        try (CallStream fileOrder = inFileOrder(onSkip)) {
            return EventTimeOrderedCalls.sort(fileOrder);
        }
    }

    private InputStream open() {
        try {
            BufferedInputStream in = new BufferedInputStream(this.resource.getInputStream(), BUFFER);
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            boolean gzip = first == 0x1f && second == 0x8b;
            return gzip ? new GZIPInputStream(in, BUFFER) : in;
        }
        catch (IOException ex) {
            throw new CallsFileException("Cannot open calls file " + description() + ": " + ex.getMessage(), ex);
        }
    }

}
