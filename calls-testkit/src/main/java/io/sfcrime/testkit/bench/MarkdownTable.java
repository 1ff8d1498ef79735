package io.sfcrime.testkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A GitHub-flavoured Markdown table, filled row by row. */
public final class MarkdownTable {

    private final List<String> headers;

    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... headers) {
        this.headers = List.of(headers);
    }

    /**
     * @param cells one per header, each written with {@code String.valueOf}
     */
    public MarkdownTable row(Object... cells) {
        if (cells.length != this.headers.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + this.headers.size() + " columns");
        }
        this.rows.add(Stream.of(cells).map(String::valueOf).map(cell -> cell.replace("|", "\\|")).toList());
        return this;
    }

    public int rowCount() {
        return this.rows.size();
    }

    @Override
    public String toString() {
        return Stream
            .concat(Stream.of(line(this.headers), line(this.headers.stream().map(header -> "---").toList())),
                    this.rows.stream().map(MarkdownTable::line))
            .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String line(List<String> cells) {
        return cells.stream().collect(Collectors.joining(" | ", "| ", " |"));
    }

}
