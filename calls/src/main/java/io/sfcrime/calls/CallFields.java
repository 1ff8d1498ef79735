package io.sfcrime.calls;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a call record, as the calls file and the calls topic carry them: every
 * value a string.
 */
public final class CallFields {

    public static final String CRIME_ID = "crime_id";

    public static final String ORIGINAL_CRIME_TYPE_NAME = "original_crime_type_name";

    public static final String CALL_DATE_TIME = "call_date_time";

    public static final String DISPOSITION = "disposition";

    /** The 14 fields of a call, in the file's order. */
    public static final List<String> ALL = List.of(CRIME_ID, ORIGINAL_CRIME_TYPE_NAME, "report_date", "call_date",
            "offense_date", "call_time", CALL_DATE_TIME, DISPOSITION, "address", "city", "state", "agency_id",
            "address_type", "common_location");

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < ALL.size(); i++) {
            INDEX.put(ALL.get(i), i);
        }
    }

    private CallFields() {
    }

    /**
     * The position of a field in {@link #ALL}, or -1 for a name that is not one of the
     * 14.
     */
    public static int indexOf(String name) {
        Integer index = INDEX.get(name);
        return index == null ? -1 : index;
    }

}
