package io.sfcrime.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page of Prometheus' text exposition format (what {@code /actuator/prometheus}
 * answers), read into its samples, so that tests ask for a metric by name and labels
 * instead of matching lines.
 */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern
        .compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** One sample: a metric name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!sample.matches()) {
                throw new IllegalArgumentException("Not a Prometheus sample: " + line);
            }
            samples.add(new Sample(sample.group(1), labels(sample.group(3)), Double.parseDouble(sample.group(4))));
        }
        return new PrometheusText(samples);
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text != null) {
            Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return labels;
    }

    public List<Sample> samples() {
        return this.samples;
    }

    /** The names of every metric on the page. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        this.samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The sum of every sample of {@code name} whose labels include {@code labels}. */
    public double sum(String name, Map<String, String> labels) {
        return matching(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    public double sum(String name) {
        return sum(name, Map.of());
    }

    /**
     * The value of the one sample of {@code name} whose labels include {@code labels}.
     * @throws AssertionError when no sample or more than one matches
     */
    public double value(String name, Map<String, String> labels) {
        List<Sample> matching = matching(name, labels);
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples of " + name + " with " + labels + ": " + matching);
        }
        return matching.get(0).value();
    }

    public double value(String name) {
        return value(name, Map.of());
    }

    private List<Sample> matching(String name, Map<String, String> labels) {
        return this.samples.stream()
            .filter(sample -> sample.name().equals(name))
            .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    }

}
