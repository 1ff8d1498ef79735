package io.sfcrime.analytics.results;

/**
 * A crime type's calls over a time range, with its most common disposition.
 *
 * @param crimeType {@code original_crime_type_name}
 * @param count its calls in the range
 * @param disposition its most common disposition in the range (ties go to the smaller
 * code)
 * @param dispositionDescription that disposition's radio-code description, or "Unknown"
 * @param dispositionCount calls with that disposition
 */
public record CrimeTypeRank(String crimeType, long count, String disposition, String dispositionDescription,
        long dispositionCount) {
}
