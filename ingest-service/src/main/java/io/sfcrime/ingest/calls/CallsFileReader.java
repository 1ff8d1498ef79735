package io.sfcrime.ingest.calls;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Streams a JSON array of calls with Jackson's token parser: one record in memory at a time, whatever the
 * file's size. A record that is not an object, or lacks a text {@code crime_id} or a parseable
 * {@code call_date_time}, is reported to the skip listener and passed over.
 */
final class CallsFileReader implements CallStream {

    static final String CRIME_ID = "crime_id";

    static final String CALL_DATE_TIME = "call_date_time";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final InputStream in;

    private final String description;

    private final Consumer<SkippedRecord> onSkip;

    private final JsonParser parser;

    private long position;

    private boolean ended;

    CallsFileReader(InputStream in, String description, Consumer<SkippedRecord> onSkip) {
        this.in = in;
        this.description = description;
        this.onSkip = onSkip;
        try {
            this.parser = MAPPER.createParser(in);
            JsonToken first = this.parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new CallsFileException("Calls file " + description + " is not a JSON array (it starts with "
                        + (first == null ? "nothing" : first.asString() == null ? first : first.asString()) + ")");
            }
        } catch (IOException ex) {
            closeQuietly();
            throw new CallsFileException("Calls file " + description + " is not JSON" + at(ex), ex);
        } catch (CallsFileException ex) {
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
                CallEvent event = read(token, line);
                if (event != null) {
                    return event;
                }
            }
            return null;
        } catch (JsonEOFException ex) {
            throw new CallsFileException("Calls file " + this.description + " ends before its array is closed "
                    + "(after record " + this.position + ")", ex);
        } catch (JsonProcessingException ex) {
            throw new CallsFileException("Calls file " + this.description + " is not valid JSON after record "
                    + this.position + at(ex), ex);
        } catch (IOException ex) {
            throw new CallsFileException("Cannot read calls file " + this.description + ": " + ex.getMessage(), ex);
        }
    }

    private CallEvent read(JsonToken token, long line) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            this.parser.skipChildren();
            return skip(line, "not a JSON object but " + kind(token));
        }
        JsonNode node = MAPPER.readTree(this.parser);
        JsonNode crimeId = node.get(CRIME_ID);
        if (crimeId == null || !crimeId.isTextual() || crimeId.asText().isBlank()) {
            return skip(line, "no text " + CRIME_ID);
        }
        JsonNode callDateTime = node.get(CALL_DATE_TIME);
        if (callDateTime == null || !callDateTime.isTextual()) {
            return skip(line, "no text " + CALL_DATE_TIME);
        }
        try {
            LocalDateTime time = LocalDateTime.parse(callDateTime.asText());
            return new CallEvent(this.position, line, crimeId.asText(), time, MAPPER.writeValueAsString(node));
        } catch (DateTimeParseException ex) {
            return skip(line, CALL_DATE_TIME + " '" + callDateTime.asText() + "' is not an ISO local date-time");
        }
    }

    private CallEvent skip(long line, String reason) {
        this.onSkip.accept(new SkippedRecord(this.position, line, reason));
        return null;
    }

    /**
     * Where the parser stopped, never what it read there: Jackson's own message quotes the offending token, and
     * these messages reach API clients.
     */
    private static String at(IOException ex) {
        if (ex instanceof JsonProcessingException json && json.getLocation() != null) {
            return " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        }
        return "";
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.empty();
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
        } catch (IOException ignored) {
            // Nothing is lost when a read-only input fails to close.
        }
    }
}
