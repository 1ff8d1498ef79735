package io.sfcrime.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.calls.CallVerdict;
import io.sfcrime.calls.Reason;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.Poison;
import io.sfcrime.testkit.RealCalls;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The calls rule in this service's terms; the rule itself is tested in the calls module. */
class EventCheckTest {

    private final EventCheck check = new EventCheck();

    @Test
    void aValidCallIsItsIdAsANumberAndItsTime() {
        assertThat(RealCalls.inFileOrder().subList(0, 1_000)).allSatisfy(call -> assertThat(
                this.check.check(PlainProducer.bytes(call.crimeId()), PlainProducer.bytes(call.json())))
                .isEqualTo(new Verdict.Valid(Long.parseLong(call.crimeId()), call.callDateTime())));
        Call first = RealCalls.inFileOrder().get(0);
        assertThat(this.check.check(PlainProducer.bytes(first.crimeId()), PlainProducer.bytes(first.json())))
                .isEqualTo(new Verdict.Valid(183_653_763L, LocalDateTime.of(2018, 12, 31, 23, 57)));
    }

    @Test
    void aRejectedCallKeepsTheRulesReasonCodeAndDetail() {
        assertThat(Poison.every(RealCalls.inFileOrder().get(0))).allSatisfy(poison -> {
            Verdict verdict = this.check.check(poison.key(), poison.value());
            assertThat(verdict).as(poison.kind()).isInstanceOfSatisfying(Verdict.Invalid.class, invalid -> {
                assertThat(invalid.reason().code()).isEqualTo(poison.reason());
                assertThat(invalid.detail()).isNotBlank();
            });
        });
        for (Reason reason : Reason.values()) {
            assertThat(Verdict.of(new CallVerdict.Invalid(reason, "what")))
                    .isEqualTo(new Verdict.Invalid(InvalidReason.of(reason), "what"));
        }
    }

    @Test
    void theReasonsAreTheRulesThenThePipelineFailuresEachWithItsOwnCode() {
        List<String> expected = Stream.concat(Arrays.stream(Reason.values()).map(Reason::code),
                Stream.of("deserialization-failed", "processing-failed")).toList();

        assertThat(InvalidReason.values()).extracting(InvalidReason::code).containsExactlyElementsOf(expected);
        assertThat(InvalidReason.values()).isSorted().doesNotHaveDuplicates();
        assertThat(InvalidReason.of(Reason.NOT_JSON)).isSameAs(InvalidReason.values().get(Reason.NOT_JSON.ordinal()));
    }
}
