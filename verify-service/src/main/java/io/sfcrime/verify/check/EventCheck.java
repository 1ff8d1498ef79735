package io.sfcrime.verify.check;

import io.sfcrime.calls.CallRule;

/** Checks one event, key and value as raw bytes, with the calls rule every service applies. Thread-safe. */
public final class EventCheck {

    public Verdict check(byte[] key, byte[] value) {
        return Verdict.of(CallRule.check(key, value));
    }
}
