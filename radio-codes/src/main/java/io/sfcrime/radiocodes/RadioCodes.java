package io.sfcrime.radiocodes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The radio-code table: disposition code to description. Immutable and thread-safe.
 *
 * <p>
 * Codes are matched exactly as written in the calls file ({@code "ARR"}, {@code "22"});
 * two codes may share a description ({@code 22} and {@code CAN} both mean "Cancel").
 */
public final class RadioCodes {

    /** The description given to a disposition that has no radio code. */
    public static final String UNKNOWN_DESCRIPTION = "Unknown";

    /** The table shipped in this module, as published with the original data set. */
    public static final String BUNDLED_RESOURCE = "/radio_code.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, String> descriptions;

    private RadioCodes(Map<String, String> descriptions) {
        this.descriptions = Collections.unmodifiableMap(new LinkedHashMap<>(descriptions));
    }

    /** The bundled table ({@value #BUNDLED_RESOURCE}). */
    public static RadioCodes bundled() {
        try (InputStream in = RadioCodes.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Radio-code table " + BUNDLED_RESOURCE + " is not on the classpath");
            }
            return read(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read radio-code table " + BUNDLED_RESOURCE, ex);
        }
    }

    /**
     * Reads a table in the original format: a JSON array of {@code {"disposition_code",
     * "description"}} objects, whatever its white space.
     * @throws IllegalArgumentException if the input is not such an array, or a code
     * appears twice
     */
    public static RadioCodes read(InputStream in) throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        try (JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("Radio-code table must be a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode entry = MAPPER.readTree(parser);
                String code = requiredText(entry, "disposition_code");
                String description = requiredText(entry, "description");
                if (table.putIfAbsent(code, description) != null) {
                    throw new IllegalArgumentException("Radio code '" + code + "' appears twice");
                }
            }
        }
        return new RadioCodes(table);
    }

    private static String requiredText(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("Radio-code entry without a text '" + field + "': " + entry);
        }
        return value.asText();
    }

    /**
     * Looks a disposition up; a code the table lacks (or null) is answered as unknown.
     */
    public RadioCode lookup(String code) {
        String key = code == null ? "" : code;
        String description = this.descriptions.get(key);
        return description == null ? new RadioCode(key, UNKNOWN_DESCRIPTION, false)
                : new RadioCode(key, description, true);
    }

    /** The description of a code, or {@link #UNKNOWN_DESCRIPTION}. */
    public String describe(String code) {
        return lookup(code).description();
    }

    public boolean contains(String code) {
        return code != null && this.descriptions.containsKey(code);
    }

    /** The codes in the table's own order. */
    public Set<String> codes() {
        return this.descriptions.keySet();
    }

    /** Code to description, in the table's own order; unmodifiable. */
    public Map<String, String> asMap() {
        return this.descriptions;
    }

    public int size() {
        return this.descriptions.size();
    }

}
