package io.sfcrime.verify.tally;

/** A {@code limit} outside 1 to the ring's capacity. */
class BadLimitException extends RuntimeException {

    private final int max;

    BadLimitException(int limit, int max) {
        super("limit must be between 1 and " + max + ", was " + limit);
        this.max = max;
    }

    int max() {
        return this.max;
    }
}
