package io.sfcrime.calls;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.DateTimeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a valid call record is, key and value as raw bytes, the same for every service.
 * The checks run in a fixed order and the first failure is the verdict ({@link Reason}
 * lists them in that order): value present, not empty, at most {@link #MAX_VALUE_BYTES},
 * valid UTF-8, exactly one JSON value (no duplicate field names, nothing after it), an
 * object, the 14 {@link CallFields} present, all strings, {@code crime_id} nine ASCII
 * digits, {@code call_date_time} an ISO local date-time that exists
 * ({@link LocalDateTime#parse}), key present and equal to {@code crime_id} byte for byte.
 * Fields beyond the 14 are allowed, whatever their type.
 *
 * <p>
 * Runs once per record in every service (Spark included), so it streams over the bytes
 * with Jackson's token parser instead of building a tree, and makes strings only of the
 * values its caller keeps ({@link #keeping}): every field is still read to its end and
 * checked, but Jackson skips over a string nobody asks for instead of decoding it. The
 * verdict is the same whatever is kept. Immutable and thread-safe.
 */
public final class CallRule {

    /**
     * A larger value is {@link Reason#TOO_LARGE} before it is parsed; real records are
     * about 400 bytes.
     */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    private static final int DETAIL_CHARS = 200;

    private static final int FIELD_COUNT = CallFields.ALL.size();

    private static final int CRIME_ID = CallFields.indexOf(CallFields.CRIME_ID);

    private static final int CALL_DATE_TIME = CallFields.indexOf(CallFields.CALL_DATE_TIME);

    private static final int CRIME_ID_DIGITS = 9;

    /**
     * Thread-safe; parsers made from it share its field-name table. Duplicate names are
     * found by the rule itself: Jackson's {@code STRICT_DUPLICATE_DETECTION} fills a hash
     * set per object, a fifth of the rule's time in the replay's profile, where the
     * fourteen fields need only the rule's own array.
     */
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** An array's place on the stack of open structures: it has no names. */
    private static final Set<String> NO_NAMES = Set.of();

    /** The rule whose valid verdicts keep the values of all 14 fields. */
    public static final CallRule KEEPING_ALL = keeping(CallFields.ALL.toArray(String[]::new));

    /**
     * Whether a valid verdict keeps each field's value, in {@link CallFields#ALL}'s
     * order.
     */
    private final boolean[] kept;

    private CallRule(boolean[] kept) {
        this.kept = kept;
    }

    /**
     * The rule whose valid verdicts keep the values of these fields besides
     * {@code crime_id} and {@code call_date_time}, which every verdict carries.
     * @throws IllegalArgumentException for a name that is not one of the 14 fields
     */
    public static CallRule keeping(String... fields) {
        boolean[] kept = new boolean[FIELD_COUNT];
        kept[CRIME_ID] = true;
        kept[CALL_DATE_TIME] = true;
        for (String field : fields) {
            int index = CallFields.indexOf(field);
            if (index < 0) {
                throw new IllegalArgumentException(field + " is not one of the fields of a call");
            }
            kept[index] = true;
        }
        return new CallRule(kept);
    }

    /**
     * The verdict on one record as it travels on the calls topic.
     * @param key the record's key; {@code null} for none
     * @param value the record's value; {@code null} for a tombstone
     */
    public CallVerdict check(byte[] key, byte[] value) {
        return check(key, value, false);
    }

    /**
     * The verdict {@link #check} gives when the key is the value's own {@code crime_id}:
     * for a producer, which takes the key from the value.
     */
    public CallVerdict checkKeyedByCrimeId(byte[] value) {
        return check(null, value, true);
    }

    private CallVerdict check(byte[] key, byte[] value, boolean keyIsCrimeId) {
        if (value == null) {
            return invalid(Reason.NULL_VALUE, "the value is null (a tombstone)");
        }
        if (value.length == 0) {
            return invalid(Reason.EMPTY_VALUE, "the value has no bytes");
        }
        if (value.length > MAX_VALUE_BYTES) {
            return invalid(Reason.TOO_LARGE, value.length + " bytes, more than the limit of " + MAX_VALUE_BYTES);
        }
        int badByte = Utf8.firstInvalidByte(value);
        if (badByte >= 0) {
            return invalid(Reason.NOT_UTF8,
                    String.format("not valid UTF-8 at byte %d (0x%02X)", badByte, value[badByte] & 0xFF));
        }
        String notText = Utf8.notJsonText(value);
        if (notText != null) {
            return invalid(Reason.NOT_JSON, notText);
        }
        String[] values = new String[FIELD_COUNT];
        JsonToken[] kinds = new JsonToken[FIELD_COUNT];
        try (JsonParser parser = JSON.createParser(value)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                return invalid(Reason.NOT_JSON, "no JSON value, only white space");
            }
            if (root == JsonToken.START_OBJECT) {
                // Every field is read to the end, so that a syntax error anywhere is
                // not-json whatever comes first.
                Set<String> others = null;
                for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                    String name = parser.currentName();
                    int index = CallFields.indexOf(name);
                    boolean repeated;
                    if (index >= 0) {
                        repeated = kinds[index] != null;
                    }
                    else {
                        others = others != null ? others : new HashSet<>();
                        repeated = !others.add(name);
                    }
                    if (repeated) {
                        return duplicate(name);
                    }
                    JsonToken field = parser.nextToken();
                    if (index >= 0) {
                        kinds[index] = field;
                        values[index] = field == JsonToken.VALUE_STRING && this.kept[index] ? parser.getText() : null;
                    }
                    String nested = duplicateWithin(parser, field);
                    if (nested != null) {
                        return duplicate(nested);
                    }
                }
            }
            else {
                String nested = duplicateWithin(parser, root);
                if (nested != null) {
                    return duplicate(nested);
                }
            }
            JsonToken after = parser.nextToken();
            if (after != null) {
                return invalid(Reason.NOT_JSON, "a second JSON value after the first: " + kind(after));
            }
            if (root != JsonToken.START_OBJECT) {
                return invalid(Reason.NOT_AN_OBJECT, "a JSON " + kind(root));
            }
        }
        catch (JsonProcessingException ex) {
            return invalid(Reason.NOT_JSON, ex.getOriginalMessage());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Reading a byte array failed", ex);
        }
        return checkFields(key, keyIsCrimeId, values, kinds);
    }

    /**
     * Reads the structure that {@code first} opens to its end, as {@code skipChildren}
     * does, and answers the first name that an object in it has twice, or null.
     */
    private static String duplicateWithin(JsonParser parser, JsonToken first) throws IOException {
        if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
            return null;
        }
        Deque<Set<String>> open = new ArrayDeque<>();
        open.push(first == JsonToken.START_OBJECT ? new HashSet<>() : NO_NAMES);
        while (!open.isEmpty()) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.FIELD_NAME) {
                if (!open.peek().add(parser.currentName())) {
                    return parser.currentName();
                }
            }
            else if (token == JsonToken.START_OBJECT) {
                open.push(new HashSet<>());
            }
            else if (token == JsonToken.START_ARRAY) {
                open.push(NO_NAMES);
            }
            else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                open.pop();
            }
            else if (token == null) {
                throw new JsonEOFException(parser, null, "Unexpected end-of-input inside a JSON structure");
            }
        }
        return null;
    }

    /**
     * In the words of Jackson's own duplicate detection, which the rule used before. A
     * value cut short right after a repeated name was its duplicate and is now the cut:
     * not-json either way.
     */
    private static CallVerdict.Invalid duplicate(String name) {
        return invalid(Reason.NOT_JSON, "Duplicate field '" + name + "'");
    }

    private static CallVerdict checkFields(byte[] key, boolean keyIsCrimeId, String[] values, JsonToken[] kinds) {
        List<String> missing = new ArrayList<>(0);
        List<String> notText = new ArrayList<>(0);
        for (int i = 0; i < FIELD_COUNT; i++) {
            if (kinds[i] == null) {
                missing.add(CallFields.ALL.get(i));
            }
            else if (kinds[i] != JsonToken.VALUE_STRING) {
                notText.add(CallFields.ALL.get(i) + " is " + withArticle(kind(kinds[i])));
            }
        }
        if (!missing.isEmpty()) {
            return invalid(Reason.MISSING_FIELD, "missing " + String.join(", ", missing));
        }
        if (!notText.isEmpty()) {
            return invalid(Reason.WRONG_TYPE, String.join(", ", notText));
        }
        String crimeId = values[CRIME_ID];
        if (!isCrimeId(crimeId)) {
            return invalid(Reason.BAD_CRIME_ID, "crime_id '" + crimeId + "' is not nine digits");
        }
        String callDateTime = values[CALL_DATE_TIME];
        LocalDateTime time;
        try {
            time = parseDateTime(callDateTime);
        }
        catch (DateTimeException ex) {
            return invalid(Reason.BAD_CALL_DATE_TIME,
                    "call_date_time '" + callDateTime + "' is not a date-time like 2018-12-31T23:57:00.000");
        }
        if (!keyIsCrimeId) {
            if (key == null) {
                return invalid(Reason.MISSING_KEY, "no key; expected crime_id " + crimeId);
            }
            if (!isAscii(key, crimeId)) {
                return invalid(Reason.KEY_MISMATCH,
                        "key '" + new String(key, StandardCharsets.UTF_8) + "' is not crime_id " + crimeId);
            }
        }
        return new CallVerdict.Valid(crimeId, time, Collections.unmodifiableList(Arrays.asList(values)));
    }

    /**
     * {@link LocalDateTime#parse}, the definition, with a shortcut for the form every
     * real record has ({@code 2018-12-31T23:57:00.000}): the formatter's general parse
     * was a third of the rule's time in the replay's profile. {@link LocalDateTime#of}
     * checks the fields' ranges and the day of the month as the strict ISO parse does.
     * @throws DateTimeException if it is not an ISO local date-time that exists
     */
    static LocalDateTime parseDateTime(String text) {
        if (text.length() == 23 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int millis = digits(text, 20, 23);
            if ((year | month | day | hour | minute | second | millis) >= 0) {
                return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000);
            }
        }
        return LocalDateTime.parse(text);
    }

    /** The ASCII digits from {@code start} to {@code end} as a number, or -1. */
    private static int digits(String text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isCrimeId(String text) {
        if (text.length() != CRIME_ID_DIGITS) {
            return false;
        }
        for (int i = 0; i < CRIME_ID_DIGITS; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code bytes} are the ASCII text {@code ascii}, byte for byte. */
    private static boolean isAscii(byte[] bytes, String ascii) {
        if (bytes.length != ascii.length()) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String withArticle(String kind) {
        return switch (kind) {
            case "null" -> "null";
            case "object", "array" -> "an " + kind;
            default -> "a " + kind;
        };
    }

    private static CallVerdict.Invalid invalid(Reason reason, String detail) {
        String text = detail == null ? reason.code() : detail;
        return new CallVerdict.Invalid(reason,
                text.length() > DETAIL_CHARS ? text.substring(0, DETAIL_CHARS) + "..." : text);
    }

}
