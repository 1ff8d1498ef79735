package io.sfcrime.testkit.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * The figures of several runs of one benchmark cell, or the latencies of one run: a cell
 * is reported as its median, with the range, never as one lucky run.
 */
public final class Samples {

    private final double[] sorted;

    private Samples(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = values.clone();
        Arrays.sort(this.sorted);
    }

    public static Samples of(double... values) {
        return new Samples(values);
    }

    public static Samples of(Collection<? extends Number> values) {
        return new Samples(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    public int count() {
        return this.sorted.length;
    }

    public double min() {
        return this.sorted[0];
    }

    public double max() {
        return this.sorted[this.sorted.length - 1];
    }

    /** The middle value; the mean of the two middle ones for an even count. */
    public double median() {
        int middle = this.sorted.length / 2;
        return (this.sorted.length % 2 == 1) ? this.sorted[middle]
                : (this.sorted[middle - 1] + this.sorted[middle]) / 2;
    }

    /**
     * The nearest-rank percentile: the smallest value that at least {@code percent} of
     * the samples do not exceed.
     * @param percent above 0, at most 100
     */
    public double percentile(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in (0, 100], was " + percent);
        }
        int rank = (int) Math.ceil(percent / 100 * this.sorted.length);
        return this.sorted[rank - 1];
    }

    /** The median and the range, e.g. {@code 101,234 [98,001-104,900]}. */
    public String medianAndRange() {
        return this.sorted.length == 1 ? format(median())
                : format(median()) + " [" + format(min()) + "-" + format(max()) + "]";
    }

    /** A figure with thousands separators and no decimals. */
    public static String format(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

}
