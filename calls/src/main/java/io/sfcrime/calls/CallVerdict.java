package io.sfcrime.calls;

import java.time.LocalDateTime;
import java.util.List;

/** What {@link CallRule} says of one record. */
public sealed interface CallVerdict {

    /**
     * A valid call.
     *
     * @param crimeId {@code crime_id}: nine ASCII digits, also the record's key
     * @param callDateTime {@code call_date_time}, the event time (local time of San
     * Francisco)
     * @param values the 14 field values in {@link CallFields#ALL}'s order, null for those
     * the rule was not told to keep ({@link CallRule#keeping})
     */
    record Valid(String crimeId, LocalDateTime callDateTime, List<String> values) implements CallVerdict {

        /**
         * The value of one of the 14 fields.
         * @throws IllegalStateException for a field the rule was not told to keep
         */
        public String value(String field) {
            int index = CallFields.indexOf(field);
            if (index < 0) {
                throw new IllegalArgumentException(field + " is not one of the fields of a call");
            }
            String value = this.values.get(index);
            if (value == null) {
                throw new IllegalStateException(field + " was not kept: CallRule.keeping names the fields to keep");
            }
            return value;
        }

        public String crimeType() {
            return value(CallFields.ORIGINAL_CRIME_TYPE_NAME);
        }

        public String disposition() {
            return value(CallFields.DISPOSITION);
        }
    }

    /**
     * Not a valid call.
     *
     * @param reason the first check that failed
     * @param detail what exactly was wrong, for people (at most about 200 characters)
     */
    record Invalid(Reason reason, String detail) implements CallVerdict {
    }

}
