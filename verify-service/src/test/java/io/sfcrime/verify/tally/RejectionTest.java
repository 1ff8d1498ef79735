package io.sfcrime.verify.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.sfcrime.calls.CallVerdict;
import io.sfcrime.calls.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * This service's reasons: the calls rule's (tested in the calls module), then its own two
 * pipeline failures.
 */
class RejectionTest {

    @Test
    void theReasonsAreTheRulesThenThePipelineFailuresEachWithItsOwnCode() {
        List<String> expected = Stream
            .concat(Arrays.stream(Reason.values()).map(Reason::code),
                    Stream.of("deserialization-failed", "processing-failed"))
            .toList();

        assertThat(Rejection.REASONS).containsExactlyElementsOf(expected).doesNotHaveDuplicates().hasSize(14);
    }

    @Test
    void aRejectionByTheRuleKeepsItsReasonCodeAndDetail() {
        for (Reason reason : Reason.values()) {
            assertThat(Rejection.of(new CallVerdict.Invalid(reason, "what")))
                .isEqualTo(new Rejection(reason.code(), "what"));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> new Rejection("no-such-reason", "what"));
    }

}
