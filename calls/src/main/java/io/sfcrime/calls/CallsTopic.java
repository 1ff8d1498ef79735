package io.sfcrime.calls;

/**
 * The topic the calls travel on, named once for every service's default and every tool of
 * the suite.
 */
public final class CallsTopic {

    /** The calls topic's default name; each service can be pointed at another. */
    public static final String NAME = "police.department.calls";

    private CallsTopic() {
    }

}
