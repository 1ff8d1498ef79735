package io.sfcrime.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A record that is not a valid call, with the reason code the services must give it.
 * Written down here by hand, not derived from the product's rule, so that every service's
 * tests check the rule against the same independent statement of it.
 *
 * @param kind what is wrong, for test output
 * @param key the record's key; {@code null} for none
 * @param value the record's value; {@code null} for a tombstone
 * @param reason the expected reason code, e.g. {@code not-json}
 */
public record Poison(String kind, byte[] key, byte[] value, String reason) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A value the rule refuses as too large: just over 64 KiB (Kafka's default limit is
     * about 1 MB).
     */
    public static final int TOO_LARGE_BYTES = 64 * 1024 + 1;

    /**
     * Every kind of bad record, each made from {@code call} (a valid call) with one thing
     * wrong.
     */
    public static List<Poison> every(Call call) {
        String id = call.crimeId();
        String json = call.json();
        return List.of(new Poison("null value (a tombstone)", id, (byte[]) null, "null-value"),
                new Poison("empty value", id, new byte[0], "empty-value"),
                new Poison("value over 64 KiB", id, padded(call, TOO_LARGE_BYTES), "too-large"),
                new Poison("stray continuation byte", id, withBytesInCrimeType(call, 0x80), "not-utf8"),
                new Poison("overlong encoding of '/'", id, withBytesInCrimeType(call, 0xC0, 0xAF), "not-utf8"),
                new Poison("truncated 3-byte sequence", id, withBytesInCrimeType(call, 0xE2, 0x82), "not-utf8"),
                new Poison("UTF-8-encoded surrogate U+D800", id, withBytesInCrimeType(call, 0xED, 0xA0, 0x80),
                        "not-utf8"),
                new Poison("code point above U+10FFFF", id, withBytesInCrimeType(call, 0xF4, 0x90, 0x80, 0x80),
                        "not-utf8"),
                new Poison("invalid byte 0xFF", id, withBytesInCrimeType(call, 0xFF), "not-utf8"),
                new Poison("white space only", id, " \n\t ", "not-json"),
                new Poison("not JSON", id, "this is not json", "not-json"),
                new Poison("trailing garbage", id, json + " trailing", "not-json"),
                new Poison("extra closing brace", id, json + "}", "not-json"),
                new Poison("second value after the object", id, json + json, "not-json"),
                new Poison("duplicate field", id, "{\"crime_id\":\"" + id + "\"," + json.substring(1), "not-json"),
                new Poison("truncated object", id, json.substring(0, json.length() - 1), "not-json"),
                new Poison("unescaped control character", id, withTextInCrimeType(call, "\u0001"), "not-json"),
                new Poison("UTF-16 encoding", bytes(id), json.getBytes(StandardCharsets.UTF_16LE), "not-json"),
                new Poison("byte order mark first", id, "\uFEFF" + json, "not-json"),
                new Poison("JSON null", id, "null", "not-an-object"),
                new Poison("array holding the call", id, "[" + json + "]", "not-an-object"),
                new Poison("bare string", id, "\"" + id + "\"", "not-an-object"),
                new Poison("bare number", id, id, "not-an-object"), new Poison("boolean", id, "true", "not-an-object"),
                new Poison("empty object", id, "{}", "missing-field"),
                new Poison("no disposition", id, without(call, "disposition"), "missing-field"),
                new Poison("no call_date_time", id, without(call, "call_date_time"), "missing-field"),
                new Poison("crime_id a number", id, node(call).put("crime_id", Long.parseLong(id)).toString(),
                        "wrong-type"),
                new Poison("null field", id, node(call).putNull("city").toString(), "wrong-type"),
                new Poison("disposition a nested object", id, nestedDisposition(call), "wrong-type"),
                new Poison("crime type an array", id, crimeTypeArray(call), "wrong-type"),
                new Poison("agency_id a boolean", id, node(call).put("agency_id", true).toString(), "wrong-type"),
                new Poison("crime_id of 8 digits", id.substring(1), with(call, "crime_id", id.substring(1)),
                        "bad-crime-id"),
                new Poison("crime_id of 10 digits", id + "0", with(call, "crime_id", id + "0"), "bad-crime-id"),
                new Poison("crime_id with a letter", "18365376X", with(call, "crime_id", "18365376X"), "bad-crime-id"),
                new Poison("crime_id in Arabic-Indic digits", "١٨٣٦٥٣٧٦٣", with(call, "crime_id", "١٨٣٦٥٣٧٦٣"),
                        "bad-crime-id"),
                new Poison("crime_id with a sign", "+83653763", with(call, "crime_id", "+83653763"), "bad-crime-id"),
                new Poison("call_date_time a word", id, with(call, "call_date_time", "yesterday"),
                        "bad-call-date-time"),
                new Poison("impossible date 2018-02-30", id, with(call, "call_date_time", "2018-02-30T10:00:00.000"),
                        "bad-call-date-time"),
                new Poison("hour 24", id, with(call, "call_date_time", "2018-12-31T24:00:00.000"),
                        "bad-call-date-time"),
                new Poison("date in another format", id, with(call, "call_date_time", "31/12/2018 23:57"),
                        "bad-call-date-time"),
                new Poison("date-time with an offset", id, with(call, "call_date_time", "2018-12-31T23:57:00.000Z"),
                        "bad-call-date-time"),
                new Poison("date only", id, with(call, "call_date_time", "2018-12-31"), "bad-call-date-time"),
                new Poison("no key", null, json, "missing-key"),
                new Poison("key of another call", "000000001", json, "key-mismatch"),
                new Poison("key with a trailing space", id + " ", json, "key-mismatch"),
                new Poison("empty key", new byte[0], bytes(json), "key-mismatch"));
    }

    private Poison(String kind, String key, String value, String reason) {
        this(kind, bytes(key), bytes(value), reason);
    }

    private Poison(String kind, String key, byte[] value, String reason) {
        this(kind, bytes(key), value, reason);
    }

    @Override
    public String toString() {
        return this.kind + " (" + this.reason + ")";
    }

    private static byte[] bytes(String text) {
        return PlainProducer.bytes(text);
    }

    private static ObjectNode node(Call call) {
        try {
            return (ObjectNode) MAPPER.readTree(call.json());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String with(Call call, String field, String value) {
        return node(call).put(field, value).toString();
    }

    private static String without(Call call, String field) {
        ObjectNode node = node(call);
        node.remove(field);
        return node.toString();
    }

    private static String nestedDisposition(Call call) {
        ObjectNode node = node(call);
        node.putObject("disposition").put("code", call.disposition());
        return node.toString();
    }

    private static String crimeTypeArray(Call call) {
        ObjectNode node = node(call);
        node.putArray("original_crime_type_name").add(call.crimeType());
        return node.toString();
    }

    /**
     * The call with its address padded so that the value is exactly {@code size} bytes.
     */
    private static byte[] padded(Call call, int size) {
        int plain = with(call, "address", "").getBytes(StandardCharsets.UTF_8).length;
        return bytes(with(call, "address", "x".repeat(size - plain)));
    }

    private static String withTextInCrimeType(Call call, String text) {
        String marker = "\"original_crime_type_name\":\"";
        int at = call.json().indexOf(marker) + marker.length();
        return call.json().substring(0, at) + text + call.json().substring(at);
    }

    /**
     * The call with raw bytes at the start of its crime type: everything else stays
     * well-formed.
     */
    private static byte[] withBytesInCrimeType(Call call, int... raw) {
        String marker = "\"original_crime_type_name\":\"";
        String json = call.json();
        int at = json.indexOf(marker) + marker.length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(json.substring(0, at)));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(bytes(json.substring(at)));
        return out.toByteArray();
    }
}
