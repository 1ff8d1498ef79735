package io.sfcrime.radiocodes;

import java.util.Objects;

/**
 * The answer to a disposition lookup. A disposition without a radio code is answered too,
 * with {@code known == false} and {@link RadioCodes#UNKNOWN_DESCRIPTION}, so callers
 * never meet null.
 *
 * @param code the disposition code as asked, e.g. {@code "ARR"}
 * @param description the radio code's description, or
 * {@link RadioCodes#UNKNOWN_DESCRIPTION}
 * @param known whether the table has this code
 */
public record RadioCode(String code, String description, boolean known) {

    public RadioCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }
}
