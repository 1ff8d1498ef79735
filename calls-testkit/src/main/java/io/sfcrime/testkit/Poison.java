package io.sfcrime.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Records that are not calls, each with the reason code the suite's validity rule must give it. Built by hand from
 * one real call, independently of the product's code, for tests that write them with a separate client.
 *
 * @param name what is wrong, for test output
 * @param key the record's key bytes, or null
 * @param value the record's value bytes, or null (a tombstone)
 * @param reason the expected reason code (the DLT header and metric tag)
 */
public record Poison(String name, byte[] key, byte[] value, String reason) {

    private static final String ID = "999000111";

    /** A well-formed call of a crime_id that is not in the real file, with {@code %s} for what each poison changes. */
    private static final String TEMPLATE = "{\"crime_id\":%s,\"original_crime_type_name\":%s,"
            + "\"report_date\":\"2018-10-02T00:00:00.000\",\"call_date\":\"2018-10-02T00:00:00.000\","
            + "\"offense_date\":\"2018-10-02T00:00:00.000\",\"call_time\":\"09:13\",\"call_date_time\":%s,"
            + "\"disposition\":%s,\"address\":\"1100 Block Of Market St\",\"city\":\"San Francisco\",\"state\":\"CA\","
            + "\"agency_id\":\"1\",\"address_type\":\"Premise Address\",\"common_location\":\"\"}";

    /** Every kind of poison, at least one of each reason the rule has. */
    public static List<Poison> all() {
        List<Poison> all = new ArrayList<>();
        all.add(new Poison("null value (tombstone)", bytes(ID), null, "null-value"));
        all.add(new Poison("empty value", bytes(ID), new byte[0], "empty-value"));
        all.add(text("white space only", ID, " \n\t ", "not-json"));
        all.add(text("JSON null", ID, "null", "not-an-object"));
        all.add(text("empty array", ID, "[]", "not-an-object"));
        all.add(text("a call inside an array", ID, "[" + call("\"" + ID + "\"", "\"Rtl\"", "\"HAN\"") + "]",
                "not-an-object"));
        all.add(text("bare string", ID, "\"Passing Call\"", "not-an-object"));
        all.add(text("bare number", ID, "42", "not-an-object"));
        all.add(text("not JSON at all", ID, "crime_id=" + ID, "not-json"));
        all.add(text("JSON cut short", ID, "{\"crime_id\":\"" + ID + "\",\"original_crime_type_name\":", "not-json"));
        all.add(text("a second object after the call", ID, call("\"" + ID + "\"", "\"Rtl\"", "\"HAN\"") + "{}",
                "not-json"));
        all.add(text("a field twice", ID, call("\"" + ID + "\"", "\"Rtl\"", "\"HAN\"")
                .replace("\"city\":", "\"city\":\"Oakland\",\"city\":"), "not-json"));
        all.add(text("empty object", ID, "{}", "missing-field"));
        all.add(text("disposition missing", ID, call("\"" + ID + "\"", "\"Rtl\"", "\"HAN\"")
                .replace(",\"disposition\":\"HAN\"", ""), "missing-field"));
        all.add(text("disposition a nested object", ID, call("\"" + ID + "\"", "\"Rtl\"", "{\"code\":\"HAN\"}"),
                "wrong-type"));
        all.add(text("disposition null", ID, call("\"" + ID + "\"", "\"Rtl\"", "null"), "wrong-type"));
        all.add(text("crime_id a number", ID, call(ID, "\"Rtl\"", "\"HAN\""), "wrong-type"));
        all.add(text("crime type an array", ID, call("\"" + ID + "\"", "[\"Rtl\"]", "\"HAN\""), "wrong-type"));
        all.add(text("crime_id of eight digits", "99900011", call("\"99900011\"", "\"Rtl\"", "\"HAN\""),
                "bad-crime-id"));
        all.add(text("crime_id with letters", "99900011X", call("\"99900011X\"", "\"Rtl\"", "\"HAN\""),
                "bad-crime-id"));
        all.add(text("crime_id of Arabic-Indic digits", "\u0669\u0669\u0669\u0660\u0660\u0660\u0661\u0661\u0661",
                call("\"\u0669\u0669\u0669\u0660\u0660\u0660\u0661\u0661\u0661\"", "\"Rtl\"", "\"HAN\""),
                "bad-crime-id"));
        all.add(text("impossible date", ID, at("2018-02-30T10:00:00.000"), "bad-call-date-time"));
        all.add(text("date in another format", ID, at("12/31/2018 11:57 PM"), "bad-call-date-time"));
        all.add(text("hour 24", ID, at("2018-10-02T24:00:00.000"), "bad-call-date-time"));
        all.add(new Poison("no key", null, bytes(call("\"" + ID + "\"", "\"Rtl\"", "\"HAN\"")), "missing-key"));
        all.add(text("key not the crime_id", "999000112", call("\"" + ID + "\"", "\"Rtl\"", "\"HAN\""),
                "key-mismatch"));
        all.add(new Poison("crime type with a stray continuation byte", bytes(ID),
                withBytes(call("\"" + ID + "\"", "\"R@tl\"", "\"HAN\""), '@', new byte[] {(byte) 0x80}), "not-utf8"));
        all.add(new Poison("crime type with an overlong encoding of '/'", bytes(ID),
                withBytes(call("\"" + ID + "\"", "\"R@tl\"", "\"HAN\""), '@', new byte[] {(byte) 0xC0, (byte) 0xAF}),
                "not-utf8"));
        all.add(new Poison("disposition with a UTF-8 encoded surrogate", bytes(ID),
                withBytes(call("\"" + ID + "\"", "\"Rtl\"", "\"H@N\""), '@',
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "not-utf8"));
        all.add(text("larger than a call can be (70,000 bytes)", ID,
                call("\"" + ID + "\"", "\"" + "x".repeat(70_000) + "\"", "\"HAN\""), "too-large"));
        return all;
    }

    private static Poison text(String name, String key, String value, String reason) {
        return new Poison(name, bytes(key), bytes(value), reason);
    }

    private static String call(String crimeId, String crimeType, String disposition) {
        return TEMPLATE.formatted(crimeId, crimeType, "\"2018-10-02T09:13:00.000\"", disposition);
    }

    private static String at(String callDateTime) {
        return TEMPLATE.formatted("\"" + ID + "\"", "\"Rtl\"", "\"" + callDateTime + "\"", "\"HAN\"");
    }

    /** The text's UTF-8 with its one {@code marker} character replaced by raw bytes. */
    private static byte[] withBytes(String text, char marker, byte[] raw) {
        int at = text.indexOf(marker);
        byte[] head = bytes(text.substring(0, at));
        byte[] tail = bytes(text.substring(at + 1));
        byte[] out = new byte[head.length + raw.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(raw, 0, out, head.length, raw.length);
        System.arraycopy(tail, 0, out, head.length + raw.length, tail.length);
        return out;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return this.name + " -> " + this.reason;
    }
}
