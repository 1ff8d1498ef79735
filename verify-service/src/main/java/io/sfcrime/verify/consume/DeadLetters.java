package io.sfcrime.verify.consume;

import io.sfcrime.verify.tally.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.ClassUtils;

/**
 * The headers this service adds to every record it dead-letters, and the rejection a
 * failure stands for: a record the rule rejected keeps its reason; one that could not be
 * deserialized, or whose processing failed after retries, is
 * {@code deserialization-failed} or {@code processing-failed}.
 */
public final class DeadLetters {

    /** Header naming the reason code, e.g. {@code not-json}. */
    static final String REASON_HEADER = "sfcrime-invalid-reason";

    /** Header with a human-readable detail of what was wrong. */
    static final String DETAIL_HEADER = "sfcrime-invalid-detail";

    private DeadLetters() {
    }

    static Rejection rejection(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidEventException invalid) {
                return invalid.rejection();
            }
            if (cause instanceof DeserializationException deserialization) {
                return new Rejection(Rejection.DESERIALIZATION_FAILED,
                        (deserialization.isKey() ? "key: " : "value: ") + deserialization.getMessage());
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new Rejection(Rejection.PROCESSING_FAILED,
                ClassUtils.getShortName(root.getClass()) + ": " + root.getMessage());
    }

    /** The reason and detail headers of the dead letter of a record that failed so. */
    public static Headers headers(Exception failure) {
        Rejection rejection = rejection(failure);
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, rejection.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(DETAIL_HEADER, String.valueOf(rejection.detail()).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

}
