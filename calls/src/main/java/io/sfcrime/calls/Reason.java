package io.sfcrime.calls;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a record is not a valid call, in the order the rule checks: the first failed check
 * is the reason. {@link #code()} is what the services publish (verify's dead-letter
 * header and metric tag, ingest's skip log).
 */
public enum Reason {

    NULL_VALUE("null-value"), EMPTY_VALUE("empty-value"), TOO_LARGE("too-large"), NOT_UTF8("not-utf8"),
    NOT_JSON("not-json"), NOT_AN_OBJECT("not-an-object"), MISSING_FIELD("missing-field"), WRONG_TYPE("wrong-type"),
    BAD_CRIME_ID("bad-crime-id"), BAD_CALL_DATE_TIME("bad-call-date-time"), MISSING_KEY("missing-key"),
    KEY_MISMATCH("key-mismatch");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** Also the reason's JSON form, wherever a service answers one. */
    @JsonValue
    public String code() {
        return this.code;
    }

}
