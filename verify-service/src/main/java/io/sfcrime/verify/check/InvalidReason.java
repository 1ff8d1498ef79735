package io.sfcrime.verify.check;

/** Why an event was rejected; {@link #code()} is the value of the DLT header and of the metric tag. */
public enum InvalidReason {

    NULL_VALUE("null-value"),
    EMPTY_VALUE("empty-value"),
    TOO_LARGE("too-large"),
    NOT_UTF8("not-utf8"),
    NOT_JSON("not-json"),
    NOT_AN_OBJECT("not-an-object"),
    MISSING_FIELD("missing-field"),
    WRONG_TYPE("wrong-type"),
    BAD_CRIME_ID("bad-crime-id"),
    BAD_CALL_DATE_TIME("bad-call-date-time"),
    MISSING_KEY("missing-key"),
    KEY_MISMATCH("key-mismatch"),
    DESERIALIZATION_FAILED("deserialization-failed"),
    PROCESSING_FAILED("processing-failed");

    private final String code;

    InvalidReason(String code) {
        this.code = code;
    }

    public String code() {
        return this.code;
    }
}
