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
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Streams a JSON array of calls with Jackson's token parser: one record in memory at a
 * time, whatever the file's size. Each record is copied token by token to compact JSON,
 * the value that would be sent, and checked with the calls rule keyed by its own
 * {@code crime_id}: a record the rule rejects is reported to the skip listener with the
 * rule's reason and passed over, so nothing goes out that verify or analytics would turn
 * away.
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

    private final InputStream in;

    private final String description;

    private final Consumer<SkippedRecord> onSkip;

    private final JsonParser parser;

    private final ByteArrayBuilder record = new ByteArrayBuilder(1024);

    private long position;

    private boolean ended;

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
        try {
            while (!this.ended) {
                JsonToken token = this.parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    this.ended = true;
                    return null;
                }
                if (token == null) {
                    throw new CallsFileException("Calls file " + this.description + " ends before its array is closed "
                            + "(after record " + this.position + ")");
                }
                this.position++;
                long line = this.parser.currentTokenLocation().getLineNr();
                CallEvent event = read(line);
                if (event != null) {
                    return event;
                }
            }
            return null;
        }
        catch (JsonEOFException ex) {
            throw new CallsFileException("Calls file " + this.description + " ends before its array is closed "
                    + "(after record " + this.position + ")", ex);
        }
        catch (JsonProcessingException ex) {
            throw new CallsFileException(
                    "Calls file " + this.description + " is not valid JSON after record " + this.position + at(ex), ex);
        }
        catch (IOException ex) {
            throw new CallsFileException("Cannot read calls file " + this.description + ": " + ex.getMessage(), ex);
        }
    }

    private CallEvent read(long line) throws IOException {
        this.record.reset();
        try (JsonGenerator compact = JSON.createGenerator(this.record)) {
            compact.copyCurrentStructure(this.parser);
        }
        byte[] value = this.record.toByteArray();
        CallVerdict verdict = CallRule.checkKeyedByCrimeId(value);
        if (verdict instanceof CallVerdict.Invalid invalid) {
            this.onSkip.accept(new SkippedRecord(this.position, line, invalid.reason(), invalid.detail()));
            return null;
        }
        CallVerdict.Valid call = (CallVerdict.Valid) verdict;
        return new CallEvent(this.position, line, call.crimeId(), call.callDateTime(),
                new String(value, StandardCharsets.UTF_8));
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

    @Override
    public void close() {
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
