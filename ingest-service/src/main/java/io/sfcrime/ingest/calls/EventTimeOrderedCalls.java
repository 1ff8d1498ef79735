package io.sfcrime.ingest.calls;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls oldest first, from a file in any order (the real one is newest first).
 *
 * <p>
 * Sorting needs every call, but not every call in memory: the records are spilled to a
 * temporary file as they are parsed, and only a small index (event time, file offset,
 * position and line: 32 bytes a call, about 6 MB for the real file) is kept and sorted.
 * Calls of the same time keep their file order.
 */
final class EventTimeOrderedCalls implements CallStream {

    private static final Logger log = LoggerFactory.getLogger(EventTimeOrderedCalls.class);

    /** The most bytes of the spill read at once, unless one call alone takes more. */
    private static final int WINDOW_BYTES = 1 << 20;

    private final Path spill;

    private final FileChannel channel;

    private final Index index;

    private final int[] order;

    private int next;

    /**
     * The spill's bytes from {@link #windowStart}, holding the calls up to
     * {@link #windowEnd}.
     */
    private ByteBuffer window;

    private long windowStart;

    /** The place in {@link #order} of the first call the window does not hold. */
    private int windowEnd;

    private EventTimeOrderedCalls(Path spill, Index index) throws IOException {
        this.spill = spill;
        this.index = index;
        this.channel = FileChannel.open(spill, StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE);
        this.order = IntStream.range(0, index.size)
            .boxed()
            .sorted(Comparator.comparingLong(i -> index.epochMillis[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    }

    static EventTimeOrderedCalls sort(CallStream source) {
        Path spill = null;
        long started = System.nanoTime();
        try {
            spill = Files.createTempFile("sfcrime-replay-", ".spill");
            Index index = new Index();
            try (DataOutputStream out = new DataOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16))) {
                long offset = 0;
                for (CallEvent event = source.next(); event != null; event = source.next()) {
                    index.add(event, offset);
                    offset += writeRecord(out, event);
                }
                index.end = offset;
            }
            EventTimeOrderedCalls sorted = new EventTimeOrderedCalls(spill, index);
            // Nothing is sent before this: the oldest call may be the file's last.
            log.info("Read, checked and sorted {} calls by event time in {} ms ({} bytes spilled)", index.size,
                    (System.nanoTime() - started) / 1_000_000, index.end);
            return sorted;
        }
        catch (IOException ex) {
            deleteQuietly(spill);
            throw new CallsFileException("Cannot spill calls to sort them by event time: " + ex.getMessage(), ex);
        }
        catch (RuntimeException ex) {
            deleteQuietly(spill);
            throw ex;
        }
    }

    /** Writes key and value with their lengths; answers the bytes written. */
    private static long writeRecord(DataOutputStream out, CallEvent event) throws IOException {
        byte[] key = event.crimeId().getBytes(StandardCharsets.UTF_8);
        byte[] value = event.value();
        out.writeInt(key.length);
        out.writeInt(value.length);
        out.write(key);
        out.write(value);
        return 8L + key.length + value.length;
    }

    @Override
    public CallEvent next() {
        if (this.next >= this.order.length) {
            return null;
        }
        try {
            if (this.next >= this.windowEnd) {
                readWindow();
            }
            int i = this.order[this.next++];
            int at = Math.toIntExact(this.index.offsets[i] - this.windowStart);
            int keyLength = this.window.getInt(at);
            int valueLength = this.window.getInt(at + 4);
            byte[] bytes = this.window.array();
            String crimeId = new String(bytes, at + 8, keyLength, StandardCharsets.UTF_8);
            byte[] value = Arrays.copyOfRange(bytes, at + 8 + keyLength, at + 8 + keyLength + valueLength);
            LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(this.index.epochMillis[i], 1000),
                    (int) Math.floorMod(this.index.epochMillis[i], 1000) * 1_000_000, ZoneOffset.UTC);
            return new CallEvent(this.index.positions[i], this.index.lines[i], crimeId, time, value);
        }
        catch (IOException ex) {
            throw new CallsFileException("Cannot read back spilled calls from " + this.spill + ": " + ex.getMessage(),
                    ex);
        }
    }

    /**
     * Reads the next calls in event-time order with one read: as many as lie together
     * within {@link #WINDOW_BYTES} of the spill, at least one. A file in about the
     * reverse or the same order (the real one) is read back a few hundred calls a read; a
     * shuffled one a call a read, as if there were no window. A read a call took about a
     * quarter of an event-time replay of the real file.
     */
    private void readWindow() throws IOException {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int last = this.next;
        while (last < this.order.length) {
            int i = this.order[last];
            long from = Math.min(start, this.index.offsets[i]);
            long to = Math.max(end, recordEnd(i));
            if (last > this.next && to - from > WINDOW_BYTES) {
                break;
            }
            start = from;
            end = to;
            last++;
        }
        int length = Math.toIntExact(end - start);
        if (this.window == null || this.window.capacity() < length) {
            this.window = ByteBuffer.allocate(Math.max(length, WINDOW_BYTES));
        }
        this.window.clear().limit(length);
        readFully(this.window, start);
        this.windowStart = start;
        this.windowEnd = last;
    }

    /** Where the record of call {@code i} ends in the spill: where the next begins. */
    private long recordEnd(int i) {
        return i + 1 < this.index.size ? this.index.offsets[i + 1] : this.index.end;
    }

    private void readFully(ByteBuffer buffer, long offset) throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            int read = this.channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("spill file truncated at " + at);
            }
            at += read;
        }
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(this.order.length);
    }

    @Override
    public void close() {
        try {
            this.channel.close();
        }
        catch (IOException ignored) {
            // DELETE_ON_CLOSE still removes the file when the JVM exits.
        }
        deleteQuietly(this.spill);
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException ignored) {
            // A temporary file left behind is not worth failing a replay for.
        }
    }

    /** Growable primitive columns: no object per call. */
    private static final class Index {

        long[] epochMillis = new long[1024];

        long[] offsets = new long[1024];

        long[] positions = new long[1024];

        long[] lines = new long[1024];

        int size;

        /** The spill file's length: where a record after the last would start. */
        long end;

        void add(CallEvent event, long offset) {
            if (this.size == this.offsets.length) {
                int capacity = this.size * 2;
                this.epochMillis = Arrays.copyOf(this.epochMillis, capacity);
                this.offsets = Arrays.copyOf(this.offsets, capacity);
                this.positions = Arrays.copyOf(this.positions, capacity);
                this.lines = Arrays.copyOf(this.lines, capacity);
            }
            this.epochMillis[this.size] = event.callDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
            this.offsets[this.size] = offset;
            this.positions[this.size] = event.position();
            this.lines[this.size] = event.line();
            this.size++;
        }

    }

}
