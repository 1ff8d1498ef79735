package io.sfcrime.ingest.calls;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sfcrime.calls.CallRule;
import io.sfcrime.calls.CallVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Streams a JSON array of calls with Jackson's token parser: a bounded number of records
 * in memory at a time, whatever the file's size. Each record is copied token by token to
 * compact JSON, the value that would be sent, and checked with the calls rule keyed by
 * its own {@code crime_id}: a record the rule rejects is reported to the skip listener
 * with the rule's reason and passed over, so nothing goes out that verify or analytics
 * would turn away.
 *
 * <p>
 * Gunzip, parse and copy run on a thread of their own, a few batches ahead of the reader
 * (who checks the records with the rule, spills or sends them): on two cores the replay
 * spent about half its time in the rule and most of the rest in parsing, one after the
 * other on one thread (profiled with JFR). The records, the skips and a file's break-off
 * reach the reader in the file's order, exactly as if it had parsed them itself.
 */
final class CallsFileReader implements CallStream {

    /**
     * Reads the file as it is, duplicate field names included (the rule rejects those).
     * Writes characters outside the Basic Multilingual Plane as UTF-8, not as escaped
     * surrogate pairs, like a JSON writer over text does.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
        .build();

    /** A replay sends each call's bytes as they are, keyed by its id. */
    private static final CallRule RULE = CallRule.keeping();

    /** Records handed over at once: one queue operation for many records. */
    private static final int BATCH = 256;

    /** Batches parsed ahead of the reader at most: about a megabyte of real calls. */
    private static final int AHEAD = 8;

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final InputStream in;

    private final String description;

    private final Consumer<SkippedRecord> onSkip;

    private final JsonParser parser;

    /** The parsing thread's buffer for one record's copy. */
    private final ByteArrayBuilder record = new ByteArrayBuilder(1024);

    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(AHEAD);

    private Thread parsing;

    private volatile boolean closed;

    private Batch current;

    private int index;

    /**
     * A record as parsed, before the rule's verdict.
     *
     * @param position 1-based position in the array
     * @param line where it starts
     * @param value its compact JSON
     */
    private record Parsed(long position, long line, byte[] value) {
    }

    /**
     * Records in file order, then, on the last batch, how the file ended.
     *
     * @param records the records
     * @param last true on the batch after which nothing comes
     * @param failure why the file could not be read on, or null when the array closed
     */
    private record Batch(List<Parsed> records, boolean last, CallsFileException failure) {
    }

    CallsFileReader(InputStream in, String description, Consumer<SkippedRecord> onSkip) {
        this.in = in;
        this.description = description;
        this.onSkip = onSkip;
        try {
            this.parser = JSON.createParser(in);
            JsonToken first = this.parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new CallsFileException("Calls file " + description + " is not a JSON array (it starts with "
                        + (first == null ? "nothing" : first.asString() == null ? first : first.asString()) + ")");
            }
        }
        catch (IOException ex) {
            closeQuietly();
            throw new CallsFileException("Calls file " + description + " is not JSON" + at(ex), ex);
        }
        catch (CallsFileException ex) {
            closeQuietly();
            throw ex;
        }
    }

    @Override
    public CallEvent next() {
        while (true) {
            if (this.current != null && this.index < this.current.records().size()) {
                CallEvent event = check(this.current.records().get(this.index++));
                if (event != null) {
                    return event;
                }
            }
            else if (this.current != null && this.current.last()) {
                if (this.current.failure() != null) {
                    throw this.current.failure();
                }
                return null;
            }
            else {
                this.current = take();
                this.index = 0;
            }
        }
    }

    private Batch take() {
        if (this.parsing == null) {
            this.parsing = new Thread(this::parseAll, "calls-file-parser");
            this.parsing.setDaemon(true);
            this.parsing.start();
        }
        try {
            return this.batches.take();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CallsFileException("Reading calls file " + this.description + " was interrupted", ex);
        }
    }

    /**
     * The parsing thread: the whole array, batch by batch, until it ends or breaks off.
     */
    private void parseAll() {
        List<Parsed> records = new ArrayList<>(BATCH);
        long position = 0;
        CallsFileException failure = null;
        try {
            while (!this.closed) {
                JsonToken token = this.parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    break;
                }
                if (token == null) {
                    throw new CallsFileException("Calls file " + this.description
                            + " ends before its array is closed (after record " + position + ")");
                }
                position++;
                long line = this.parser.currentTokenLocation().getLineNr();
                records.add(new Parsed(position, line, copy()));
                if (records.size() == BATCH) {
                    this.batches.put(new Batch(records, false, null));
                    records = new ArrayList<>(BATCH);
                }
            }
        }
        catch (JsonEOFException ex) {
            failure = new CallsFileException("Calls file " + this.description + " ends before its array is closed "
                    + "(after record " + position + ")", ex);
        }
        catch (JsonProcessingException ex) {
            failure = new CallsFileException(
                    "Calls file " + this.description + " is not valid JSON after record " + position + at(ex), ex);
        }
        catch (IOException ex) {
            failure = new CallsFileException("Cannot read calls file " + this.description + ": " + ex.getMessage(), ex);
        }
        catch (CallsFileException ex) {
            failure = ex;
        }
        catch (RuntimeException ex) {
            failure = new CallsFileException("Cannot read calls file " + this.description + ": " + ex, ex);
        }
        catch (InterruptedException ex) {
            // Closed while waiting for the reader: nobody reads on.
            return;
        }
        try {
            this.batches.put(new Batch(records, true, failure));
        }
        catch (InterruptedException ex) {
            // Closed while waiting for the reader: nobody reads on.
        }
    }

    /** On the parsing thread: the current record as compact JSON. */
    private byte[] copy() throws IOException {
        this.record.reset();
        try (JsonGenerator compact = JSON.createGenerator(this.record)) {
            compact.copyCurrentStructure(this.parser);
        }
        return this.record.toByteArray();
    }

    private CallEvent check(Parsed parsed) {
        CallVerdict verdict = RULE.checkKeyedByCrimeId(parsed.value());
        if (verdict instanceof CallVerdict.Invalid invalid) {
            this.onSkip.accept(new SkippedRecord(parsed.position(), parsed.line(), invalid.reason(), invalid.detail()));
            return null;
        }
        CallVerdict.Valid call = (CallVerdict.Valid) verdict;
        return new CallEvent(parsed.position(), parsed.line(), call.crimeId(), call.callDateTime(), parsed.value());
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.empty();
    }

    /**
     * Where the parser stopped, never what it read there: Jackson's own message quotes
     * the offending token, and these messages reach API clients.
     */
    private static String at(IOException ex) {
        if (ex instanceof JsonProcessingException json && json.getLocation() != null) {
            return " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        }
        return "";
    }

    /** Stops the parsing thread, if it runs, before the file is closed under it. */
    @Override
    public void close() {
        this.closed = true;
        Thread thread = this.parsing;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(CLOSE_WAIT.toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (this.parser != null) {
                this.parser.close();
            }
            this.in.close();
        }
        catch (IOException ignored) {
            // Nothing is lost when a read-only input fails to close.
        }
    }

}
