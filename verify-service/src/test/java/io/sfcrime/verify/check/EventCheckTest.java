package io.sfcrime.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class EventCheckTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventCheck check = new EventCheck(65_536);

    private final Call call = RealCalls.inFileOrder().get(0);

    @Test
    void everyRealRecordIsValid() {
        assertThat(RealCalls.inFileOrder()).allSatisfy(real -> assertThat(
                this.check.check(PlainProducer.bytes(real.crimeId()), PlainProducer.bytes(real.json())))
                .isEqualTo(new Verdict.Valid(Long.parseLong(real.crimeId()), real.callDateTime())));
    }

    @Test
    void firstRecordOfTheFile() {
        assertThat(verdict(this.call.crimeId(), this.call.json()))
                .isEqualTo(new Verdict.Valid(183_653_763L, LocalDateTime.of(2018, 12, 31, 23, 57)));
    }

    @Test
    void eachKindOfPoisonHasItsReason() {
        assertThat(reason(this.call.crimeId(), null)).isEqualTo(InvalidReason.NULL_VALUE);
        assertThat(reason(this.call.crimeId(), "")).isEqualTo(InvalidReason.EMPTY_VALUE);
        assertThat(reason(this.call.crimeId(), with("address", "x".repeat(70_000)))).isEqualTo(InvalidReason.TOO_LARGE);
        assertThat(this.check.check(PlainProducer.bytes(this.call.crimeId()), new byte[] {(byte) 0xC3, 0x28}))
                .extracting(v -> ((Verdict.Invalid) v).reason()).isEqualTo(InvalidReason.NOT_UTF8);
        assertThat(reason(this.call.crimeId(), "not json at all")).isEqualTo(InvalidReason.NOT_JSON);
        assertThat(reason(this.call.crimeId(), "   ")).isEqualTo(InvalidReason.NOT_JSON);
        assertThat(reason(this.call.crimeId(), this.call.json() + " trailing")).isEqualTo(InvalidReason.NOT_JSON);
        assertThat(reason(this.call.crimeId(), "{\"crime_id\":\"1\",\"crime_id\":\"2\"}"))
                .isEqualTo(InvalidReason.NOT_JSON);
        assertThat(reason(this.call.crimeId(), "[1,2]")).isEqualTo(InvalidReason.NOT_AN_OBJECT);
        assertThat(reason(this.call.crimeId(), "42")).isEqualTo(InvalidReason.NOT_AN_OBJECT);
        assertThat(reason(this.call.crimeId(), without("disposition"))).isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(reason(this.call.crimeId(), withNumber("crime_id"))).isEqualTo(InvalidReason.WRONG_TYPE);
        assertThat(reason(this.call.crimeId(), withNull("city"))).isEqualTo(InvalidReason.WRONG_TYPE);
        assertThat(reason("18365376X", with("crime_id", "18365376X"))).isEqualTo(InvalidReason.BAD_CRIME_ID);
        assertThat(reason("12345678", with("crime_id", "12345678"))).isEqualTo(InvalidReason.BAD_CRIME_ID);
        assertThat(reason(this.call.crimeId(), with("call_date_time", "yesterday")))
                .isEqualTo(InvalidReason.BAD_CALL_DATE_TIME);
        assertThat(reason(null, this.call.json())).isEqualTo(InvalidReason.MISSING_KEY);
        assertThat(reason("000000001", this.call.json())).isEqualTo(InvalidReason.KEY_MISMATCH);
    }

    @Test
    void detailsSayWhatIsWrong() {
        assertThat(verdict(this.call.crimeId(), without("disposition")))
                .isEqualTo(new Verdict.Invalid(InvalidReason.MISSING_FIELD, "missing disposition"));
        assertThat(verdict(this.call.crimeId(), withNumber("crime_id")))
                .isEqualTo(new Verdict.Invalid(InvalidReason.WRONG_TYPE, "crime_id is a number"));
        assertThat(verdict("000000001", this.call.json())).isEqualTo(new Verdict.Invalid(InvalidReason.KEY_MISMATCH,
                "key '000000001' is not crime_id 183653763"));
    }

    @Test
    void extraFieldsAreAllowed() {
        assertThat(verdict(this.call.crimeId(), with("note", "extra"))).isInstanceOf(Verdict.Valid.class);
    }

    private Verdict verdict(String key, String value) {
        return this.check.check(PlainProducer.bytes(key), PlainProducer.bytes(value));
    }

    private InvalidReason reason(String key, String value) {
        Verdict verdict = verdict(key, value);
        assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
        return ((Verdict.Invalid) verdict).reason();
    }

    private ObjectNode node() {
        try {
            return (ObjectNode) MAPPER.readTree(this.call.json());
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String with(String field, String value) {
        return node().put(field, value).toString();
    }

    private String without(String field) {
        ObjectNode node = node();
        node.remove(field);
        return node.toString();
    }

    private String withNumber(String field) {
        ObjectNode node = node();
        return node.put(field, Long.parseLong(node.get(field).asText())).toString();
    }

    private String withNull(String field) {
        return node().putNull(field).toString();
    }
}
