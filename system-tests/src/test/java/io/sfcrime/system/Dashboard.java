package io.sfcrime.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard the Docker setup provisions, read as Grafana reads it: its
 * panels' PromQL queries.
 */
final class Dashboard {

    static final Path FILE = Tools.ROOT.resolve("docker/grafana/provisioning/dashboards/sf-crime-streaming.json");

    /**
     * Label matchers, range selectors and grouping clauses: what in a query is not a
     * metric name.
     */
    private static final Pattern NOT_NAMES = Pattern
        .compile("\\{[^}]*}|\\[[^]]*]|\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    /**
     * An identifier not followed by "(" (possessive, so a function's name is not matched
     * in part).
     */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");

    /**
     * PromQL's keywords, and {@code up}, which Prometheus makes for each target itself.
     */
    private static final Set<String> NOT_METRICS = Set.of("and", "or", "unless", "bool", "offset", "up");

    private Dashboard() {
    }

    /** Every query of every panel (rows' panels included), in the file's order. */
    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        collect(root().path("panels"), queries);
        return queries;
    }

    /** The datasource uid of every panel and every query. */
    static Set<String> datasourceUids() {
        Set<String> uids = new TreeSet<>();
        root().findValues("datasource").forEach(datasource -> uids.add(datasource.path("uid").asText()));
        return uids;
    }

    private static JsonNode root() {
        try {
            return new ObjectMapper().readTree(FILE.toFile());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void collect(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asText(), target.path("refId").asText(),
                        target.path("expr").asText()));
            }
            collect(panel.path("panels"), queries);
        }
    }

    /**
     * One query of a panel.
     *
     * @param panel the panel's title
     * @param refId the query's letter in the panel
     * @param expr its PromQL expression
     */
    record Query(String panel, String refId, String expr) {

        /** The metrics the expression reads, as a service must publish them. */
        Set<String> metrics() {
            Set<String> names = new TreeSet<>();
            Matcher identifier = IDENTIFIER.matcher(NOT_NAMES.matcher(this.expr).replaceAll(" "));
            while (identifier.find()) {
                if (!NOT_METRICS.contains(identifier.group())) {
                    names.add(identifier.group());
                }
            }
            return names;
        }

        @Override
        public String toString() {
            return "panel '" + this.panel + "' query " + this.refId + ": " + this.expr;
        }
    }

}
