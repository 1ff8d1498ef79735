package io.sfcrime.verify.consume;

import io.sfcrime.verify.check.InvalidReason;
import io.sfcrime.verify.check.Verdict;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.ClassUtils;

/**
 * The headers this service adds to every record it dead-letters, and the verdict a failure stands for. A record
 * rejected by the checks keeps its reason; one that could not be deserialized or whose processing failed after
 * retries gets {@code deserialization-failed} or {@code processing-failed}.
 */
final class DeadLetters {

    /** Header naming the reason code, e.g. {@code not-json}. */
    static final String REASON_HEADER = "sfcrime-invalid-reason";

    /** Header with a human-readable detail of what was wrong. */
    static final String DETAIL_HEADER = "sfcrime-invalid-detail";

    private DeadLetters() {
    }

    static Verdict.Invalid verdict(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidEventException invalid) {
                return new Verdict.Invalid(invalid.reason(), invalid.detail());
            }
            if (cause instanceof DeserializationException deserialization) {
                return new Verdict.Invalid(InvalidReason.DESERIALIZATION_FAILED,
                        (deserialization.isKey() ? "key: " : "value: ") + deserialization.getMessage());
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new Verdict.Invalid(InvalidReason.PROCESSING_FAILED,
                ClassUtils.getShortName(root.getClass()) + ": " + root.getMessage());
    }

    static Headers headers(Exception failure) {
        Verdict.Invalid verdict = verdict(failure);
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, verdict.reason().code().getBytes(StandardCharsets.UTF_8));
        headers.add(DETAIL_HEADER, String.valueOf(verdict.detail()).getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
