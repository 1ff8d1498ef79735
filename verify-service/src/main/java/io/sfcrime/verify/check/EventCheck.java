package io.sfcrime.verify.check;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks one event, key and value as raw bytes, so that every kind of poison gets a precise reason. The checks run
 * in a fixed order and the first failure is the verdict: value present, not empty, not too large, UTF-8, JSON, an
 * object, the 14 fields present, all strings, {@code crime_id} nine digits, {@code call_date_time} a timestamp,
 * key present and equal to {@code crime_id}. Fields beyond the 14 are allowed. Thread-safe.
 */
public final class EventCheck {

    /** The fields of a call, in the file's order. */
    public static final List<String> FIELDS = List.of("crime_id", "original_crime_type_name", "report_date",
            "call_date", "offense_date", "call_time", "call_date_time", "disposition", "address", "city", "state",
            "agency_id", "address_type", "common_location");

    private static final Pattern CRIME_ID = Pattern.compile("[0-9]{9}");

    private static final int DETAIL_CHARS = 200;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final int maxValueBytes;

    public EventCheck(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    public Verdict check(byte[] key, byte[] value) {
        if (value == null) {
            return invalid(InvalidReason.NULL_VALUE, "the value is null (a tombstone)");
        }
        if (value.length == 0) {
            return invalid(InvalidReason.EMPTY_VALUE, "the value has no bytes");
        }
        if (value.length > this.maxValueBytes) {
            return invalid(InvalidReason.TOO_LARGE,
                    value.length + " bytes, more than the limit of " + this.maxValueBytes);
        }
        String text = utf8(value);
        if (text == null) {
            return invalid(InvalidReason.NOT_UTF8, "the value is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = this.mapper.readTree(text);
        } catch (JsonProcessingException ex) {
            return invalid(InvalidReason.NOT_JSON, ex.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            return invalid(InvalidReason.NOT_JSON, "no JSON value, only white space");
        }
        if (!node.isObject()) {
            return invalid(InvalidReason.NOT_AN_OBJECT, "a JSON " + node.getNodeType().name().toLowerCase());
        }
        return checkFields(key, node);
    }

    private Verdict checkFields(byte[] key, JsonNode call) {
        List<String> missing = FIELDS.stream().filter(field -> !call.has(field)).toList();
        if (!missing.isEmpty()) {
            return invalid(InvalidReason.MISSING_FIELD, "missing " + String.join(", ", missing));
        }
        List<String> notText = FIELDS.stream()
                .filter(field -> !call.get(field).isTextual())
                .map(field -> field + " is a " + call.get(field).getNodeType().name().toLowerCase())
                .toList();
        if (!notText.isEmpty()) {
            return invalid(InvalidReason.WRONG_TYPE, String.join(", ", notText));
        }
        String crimeId = call.get("crime_id").textValue();
        if (!CRIME_ID.matcher(crimeId).matches()) {
            return invalid(InvalidReason.BAD_CRIME_ID, "crime_id '" + crimeId + "' is not nine digits");
        }
        String callDateTime = call.get("call_date_time").textValue();
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(callDateTime);
        } catch (DateTimeParseException ex) {
            return invalid(InvalidReason.BAD_CALL_DATE_TIME, "call_date_time '" + callDateTime
                    + "' is not a timestamp like 2018-12-31T23:57:00.000");
        }
        if (key == null) {
            return invalid(InvalidReason.MISSING_KEY, "no key; expected crime_id " + crimeId);
        }
        if (!Arrays.equals(key, crimeId.getBytes(StandardCharsets.UTF_8))) {
            return invalid(InvalidReason.KEY_MISMATCH, "key '" + new String(key, StandardCharsets.UTF_8)
                    + "' is not crime_id " + crimeId);
        }
        return new Verdict.Valid(Long.parseLong(crimeId), time);
    }

    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException ex) {
            return null;
        }
    }

    private static Verdict invalid(InvalidReason reason, String detail) {
        String shortDetail = detail == null ? reason.code() : detail;
        if (shortDetail.length() > DETAIL_CHARS) {
            shortDetail = shortDetail.substring(0, DETAIL_CHARS) + "...";
        }
        return new Verdict.Invalid(reason, shortDetail);
    }
}
