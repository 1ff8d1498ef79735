package io.sfcrime.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.Poison;
import io.sfcrime.testkit.RealCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CallRuleTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Call call = RealCalls.inFileOrder().get(0);

    @Test
    void everyRecordOfTheRealFileIsValidWithItsOwnFieldsInTheFilesOrder() {
        assertThat(RealCalls.inFileOrder()).hasSize(RealCalls.TOTAL).allSatisfy(real -> {
            JsonNode node = tree(real.json());
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                names.add(field.getKey());
                values.add(field.getValue().textValue());
            }
            assertThat(names).isEqualTo(CallFields.ALL);
            CallVerdict expected = new CallVerdict.Valid(real.crimeId(), real.callDateTime(), values);
            assertThat(
                    CallRule.KEEPING_ALL.check(PlainProducer.bytes(real.crimeId()), PlainProducer.bytes(real.json())))
                .isEqualTo(expected);
            assertThat(CallRule.KEEPING_ALL.checkKeyedByCrimeId(PlainProducer.bytes(real.json()))).isEqualTo(expected);
        });
    }

    @Test
    void aValidCallAnswersItsFields() {
        CallVerdict.Valid valid = valid(this.call.crimeId(), this.call.json());

        assertThat(valid.crimeId()).isEqualTo("183653763");
        assertThat(valid.callDateTime()).isEqualTo(LocalDateTime.of(2018, 12, 31, 23, 57));
        assertThat(valid.crimeType()).isEqualTo(this.call.crimeType()).isEqualTo("Traffic Stop");
        assertThat(valid.disposition()).isEqualTo(this.call.disposition());
        assertThat(valid.value("city")).isEqualTo(tree(this.call.json()).get("city").textValue());
        assertThat(valid.values()).hasSize(14);
    }

    @Test
    void eachKindOfBadRecordHasItsReason() {
        List<Poison> poisons = Poison.every(this.call);

        assertThat(poisons).hasSizeGreaterThanOrEqualTo(40);
        assertThat(poisons)
            .allSatisfy(poison -> assertThat(CallRule.KEEPING_ALL.check(poison.key(), poison.value())).as(poison.kind())
                .isInstanceOfSatisfying(CallVerdict.Invalid.class,
                        invalid -> assertThat(invalid.reason().code()).isEqualTo(poison.reason())));
        assertThat(poisons.stream().map(Poison::reason).collect(Collectors.toSet())).as("every reason is covered")
            .containsExactlyInAnyOrderElementsOf(Arrays.stream(Reason.values()).map(Reason::code).toList());
    }

    @Test
    void keyedByItsOwnCrimeIdOnlyTheKeyChecksAreLeftOut() {
        for (Poison poison : Poison.every(this.call)) {
            CallVerdict keyed = CallRule.KEEPING_ALL.checkKeyedByCrimeId(poison.value());
            if (poison.reason().equals("missing-key") || poison.reason().equals("key-mismatch")) {
                assertThat(keyed).as(poison.kind()).isEqualTo(valid(this.call.crimeId(), this.call.json()));
            }
            else {
                assertThat(keyed).as(poison.kind()).isEqualTo(CallRule.KEEPING_ALL.check(poison.key(), poison.value()));
            }
        }
    }

    @Test
    void whatARuleKeepsNeverChangesItsVerdict() {
        List<CallRule> rules = List.of(CallRule.keeping(),
                CallRule.keeping(CallFields.ORIGINAL_CRIME_TYPE_NAME, CallFields.DISPOSITION));
        byte[] key = PlainProducer.bytes(this.call.crimeId());
        List<Poison> records = new ArrayList<>(Poison.every(this.call));
        // Strings in trouble in a field that neither keeps: Jackson skips those strings.
        String marker = "\"address\":\"";
        int at = this.call.json().indexOf(marker) + marker.length();
        for (String inAddress : List.of("\u0001", "\\x", "\\u12G4", "\\", "\\\"\\u00e9\\/", "\t")) {
            records.add(new Poison("address starting " + inAddress, key,
                    PlainProducer.bytes(this.call.json().substring(0, at) + inAddress + this.call.json().substring(at)),
                    null));
        }
        records
            .add(new Poison("cut in the address", key, PlainProducer.bytes(this.call.json().substring(0, at)), null));
        RealCalls.inFileOrder()
            .stream()
            .limit(2_000)
            .forEach(real -> records
                .add(new Poison("real", PlainProducer.bytes(real.crimeId()), PlainProducer.bytes(real.json()), null)));

        int valid = 0;
        for (Poison record : records) {
            CallVerdict all = CallRule.KEEPING_ALL.check(record.key(), record.value());
            valid += all instanceof CallVerdict.Valid ? 1 : 0;
            for (CallRule rule : rules) {
                CallVerdict verdict = rule.check(record.key(), record.value());
                if (all instanceof CallVerdict.Valid whole) {
                    assertThat(verdict).as(record.kind()).isInstanceOfSatisfying(CallVerdict.Valid.class, kept -> {
                        assertThat(kept.crimeId()).isEqualTo(whole.crimeId());
                        assertThat(kept.callDateTime()).isEqualTo(whole.callDateTime());
                    });
                }
                else {
                    assertThat(verdict).as(record.kind()).isEqualTo(all);
                }
            }
        }
        assertThat(valid).as("the real calls and the address with good escapes").isEqualTo(2_001);
    }

    @Test
    void aValidCallKeepsTheValuesItsRuleNamesAndRefusesTheOthers() {
        byte[] value = PlainProducer.bytes(this.call.json());
        CallVerdict.Valid valid = (CallVerdict.Valid) CallRule.keeping(CallFields.DISPOSITION)
            .checkKeyedByCrimeId(value);

        assertThat(valid.disposition()).isEqualTo(this.call.disposition());
        assertThat(valid.value(CallFields.CRIME_ID)).isEqualTo(this.call.crimeId());
        assertThat(valid.value(CallFields.CALL_DATE_TIME))
            .isEqualTo(tree(this.call.json()).get("call_date_time").textValue());
        assertThatThrownBy(valid::crimeType).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("original_crime_type_name was not kept");
        assertThatThrownBy(() -> CallRule.keeping("crime_type")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("crime_type is not one of the fields");
    }

    @Test
    void theFirstFailedCheckIsTheReason() {
        byte[] hugeAndBroken = new byte[CallRule.MAX_VALUE_BYTES + 1];
        Arrays.fill(hugeAndBroken, (byte) 0xFF);
        assertThat(reason(null, hugeAndBroken)).isEqualTo(Reason.TOO_LARGE);
        assertThat(reason(null, new byte[] { '[', (byte) 0xC3, 0x28 })).isEqualTo(Reason.NOT_UTF8);
        assertThat(reason(null, "[1, 2")).isEqualTo(Reason.NOT_JSON);
        assertThat(reason(null, "{\"crime_id\": 5, \"x\": ]")).as("a syntax error after a wrong type")
            .isEqualTo(Reason.NOT_JSON);
        assertThat(reason(null, "{\"crime_id\": 5}")).isEqualTo(Reason.MISSING_FIELD);
        assertThat(reason(null, withNumber("crime_id"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(null, with("crime_id", "1"))).isEqualTo(Reason.BAD_CRIME_ID);
        assertThat(reason("nope", with("call_date_time", "x"))).isEqualTo(Reason.BAD_CALL_DATE_TIME);
        assertThat(reason(null, this.call.json())).isEqualTo(Reason.MISSING_KEY);
    }

    @Test
    void detailsSayWhatIsWrong() {
        assertThat(verdict(this.call.crimeId(), without("disposition", "city")))
            .isEqualTo(new CallVerdict.Invalid(Reason.MISSING_FIELD, "missing disposition, city"));
        assertThat(verdict(this.call.crimeId(), withNumber("crime_id")))
            .isEqualTo(new CallVerdict.Invalid(Reason.WRONG_TYPE, "crime_id is a number"));
        assertThat(verdict(this.call.crimeId(), node().putNull("city").toString()))
            .isEqualTo(new CallVerdict.Invalid(Reason.WRONG_TYPE, "city is null"));
        assertThat(verdict("000000001", this.call.json()))
            .isEqualTo(new CallVerdict.Invalid(Reason.KEY_MISMATCH, "key '000000001' is not crime_id 183653763"));
        assertThat(verdict(this.call.crimeId(), "[1]"))
            .isEqualTo(new CallVerdict.Invalid(Reason.NOT_AN_OBJECT, "a JSON array"));
        assertThat(verdict(this.call.crimeId(), "{} {}"))
            .isEqualTo(new CallVerdict.Invalid(Reason.NOT_JSON, "a second JSON value after the first: object"));
        assertThat(
                CallRule.KEEPING_ALL.check(null, new byte[] { '"', 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"' }))
            .isEqualTo(new CallVerdict.Invalid(Reason.NOT_UTF8, "not valid UTF-8 at byte 2 (0xED)"));
        assertThat(((CallVerdict.Invalid) verdict(this.call.crimeId(), "{\"a\":1,\"a\":2}")).detail())
            .contains("Duplicate field 'a'");
        assertThat(((CallVerdict.Invalid) verdict("x".repeat(1000), this.call.json())).detail()).hasSize(203);
    }

    @Test
    void whatARecordMayHoldBesidesTheFourteenStrings() {
        String id = this.call.crimeId();
        ObjectNode extra = node();
        extra.putObject("note").put("nested", 1);
        extra.putArray("tags").add(true);
        assertThat(verdict(id, extra.toString())).as("extra fields of any type").isInstanceOf(CallVerdict.Valid.class);

        ObjectNode reordered = MAPPER.createObjectNode();
        List<String> backwards = new ArrayList<>(CallFields.ALL);
        Collections.reverse(backwards);
        backwards.forEach(field -> reordered.set(field, node().get(field)));
        assertThat(verdict(id, reordered.toString())).as("fields in another order")
            .isEqualTo(verdict(id, this.call.json()));

        assertThat(verdict(id, "  \n" + this.call.json() + "\r\n\t")).as("white space around the object")
            .isInstanceOf(CallVerdict.Valid.class);
        assertThat(valid(id, with("original_crime_type_name", "Caf\u00e9 \u00fcber \uD83D\uDE93")).crimeType())
            .as("non-ASCII text")
            .isEqualTo("Caf\u00e9 \u00fcber \uD83D\uDE93");
        assertThat(valid(id, this.call.json().replace("\"Traffic Stop\"", "\"Tr\\u0061ffic\\nStop\"")).crimeType())
            .as("escapes")
            .isEqualTo("Traffic\nStop");
        assertThat(valid(id, with("call_date_time", "2018-12-31T23:57")).callDateTime()).as("no seconds")
            .isEqualTo(LocalDateTime.of(2018, 12, 31, 23, 57));
        assertThat(valid(id, with("call_date_time", "2016-02-29T00:00:00.000")).callDateTime()).as("leap day")
            .isEqualTo(LocalDateTime.of(2016, 2, 29, 0, 0));
        assertThat(valid(id, with("common_location", "")).value("common_location")).isEmpty();
    }

    @Test
    void theSizeLimitIsInclusive() {
        String plain = with("address", "");
        int room = CallRule.MAX_VALUE_BYTES - plain.getBytes(StandardCharsets.UTF_8).length;
        assertThat(verdict(this.call.crimeId(), with("address", "x".repeat(room))))
            .isInstanceOf(CallVerdict.Valid.class);
        assertThat(reason(this.call.crimeId(), with("address", "x".repeat(room + 1)))).isEqualTo(Reason.TOO_LARGE);
        assertThat(Poison.TOO_LARGE_BYTES).isEqualTo(CallRule.MAX_VALUE_BYTES + 1);
    }

    @Test
    void isThreadSafe() {
        List<Call> calls = RealCalls.inFileOrder().subList(0, 50_000);
        long valid = calls.parallelStream()
            .map(real -> CallRule.KEEPING_ALL.check(PlainProducer.bytes(real.crimeId()),
                    PlainProducer.bytes(real.json())))
            .filter(verdict -> verdict instanceof CallVerdict.Valid v && v.crimeId().length() == 9)
            .count();
        assertThat(valid).isEqualTo(calls.size());
    }

    @Test
    void findsTheDuplicateNamesJacksonsStrictDetectionFinds() {
        String id = this.call.crimeId();
        String fields = this.call.json().substring(1, this.call.json().length() - 1);
        List<String> texts = List.of("{" + fields + ",\"crime_id\":\"" + id + "\"}",
                "{\"disposition\":\"HAN\"," + fields + "}", "{" + fields + ",\"x\":1,\"y\":2,\"x\":3}",
                "{" + fields + ",\"note\":{\"x\":1,\"x\":2}}",
                "{" + fields + ",\"tags\":[{\"x\":1},{\"y\":[1,{\"z\":1,\"z\":2}]}]}",
                "{" + fields + ",\"note\":{\"crime_id\":\"1\",\"x\":{\"x\":{}}},\"more\":{\"x\":1}}",
                "[{\"a\":1},{\"a\":1,\"a\":2}]", "{\"a\":1,\"a\":", "{\"a\":1,,\"a\":2}",
                "{\"a\":{\"b\":1}} {\"a\":1,\"a\":2}");
        for (String text : texts) {
            String jackson = strictDuplicate(text);
            CallVerdict verdict = verdict(id, text);
            if (jackson != null) {
                assertThat(verdict).as(text).isInstanceOfSatisfying(CallVerdict.Invalid.class, invalid -> {
                    assertThat(invalid.reason()).isEqualTo(Reason.NOT_JSON);
                    // Cut short right after the repeated name, Jackson named the
                    // duplicate and the rule names the cut: not-json either way.
                    if (parses(text)) {
                        assertThat(invalid.detail()).isEqualTo(jackson);
                    }
                });
            }
            else {
                assertThat(verdict).as(text)
                    .matches(v -> !(v instanceof CallVerdict.Invalid invalid)
                            || !invalid.detail().contains("Duplicate"));
            }
        }
        assertThat(texts.stream().filter(text -> strictDuplicate(text) != null)).as("both kinds were tried").hasSize(7);
        assertThat(verdict(id, texts.get(5))).isInstanceOf(CallVerdict.Valid.class);
    }

    /** Whether Jackson reads the text to its end without an error, duplicates allowed. */
    private static boolean parses(String text) {
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                // Reading every token is what finds a syntax error.
            }
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * Jackson's own duplicate detection over the text's first JSON value and the token
     * after it, which is all the rule reads: its message for the first duplicate name, or
     * null.
     */
    private static String strictDuplicate(String text) {
        JsonFactory strict = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        try (JsonParser parser = strict.createParser(text)) {
            parser.nextToken();
            parser.skipChildren();
            parser.nextToken();
            return null;
        }
        catch (JsonParseException ex) {
            return ex.getOriginalMessage().startsWith("Duplicate field") ? ex.getOriginalMessage() : null;
        }
        catch (IOException ex) {
            return null;
        }
    }

    private CallVerdict verdict(String key, String value) {
        return CallRule.KEEPING_ALL.check(PlainProducer.bytes(key), PlainProducer.bytes(value));
    }

    private CallVerdict.Valid valid(String key, String value) {
        CallVerdict verdict = verdict(key, value);
        assertThat(verdict).isInstanceOf(CallVerdict.Valid.class);
        return (CallVerdict.Valid) verdict;
    }

    private Reason reason(String key, String value) {
        return reason(key, PlainProducer.bytes(value));
    }

    private Reason reason(String key, byte[] value) {
        CallVerdict verdict = CallRule.KEEPING_ALL.check(PlainProducer.bytes(key), value);
        assertThat(verdict).isInstanceOf(CallVerdict.Invalid.class);
        return ((CallVerdict.Invalid) verdict).reason();
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private ObjectNode node() {
        return (ObjectNode) tree(this.call.json());
    }

    private String with(String field, String value) {
        return node().put(field, value).toString();
    }

    private String without(String... fields) {
        ObjectNode node = node();
        Arrays.stream(fields).forEach(node::remove);
        return node.toString();
    }

    private String withNumber(String field) {
        ObjectNode node = node();
        return node.put(field, Long.parseLong(node.get(field).asText())).toString();
    }

}
