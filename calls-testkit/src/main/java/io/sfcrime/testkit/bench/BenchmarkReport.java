package io.sfcrime.testkit.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A benchmark's results as one Markdown file, headed by the machine it ran on, with its
 * tables, text and PNG bar charts beside it: what the README shows is what a run wrote.
 */
public final class BenchmarkReport {

    private final StringBuilder markdown = new StringBuilder();

    private final Map<String, CategoryChart> charts = new LinkedHashMap<>();

    /**
     * @param title the report's heading
     * @param machine where it ran, {@link Machine#current()} of the JVM that measured
     */
    public BenchmarkReport(String title, Machine machine) {
        this.markdown.append("# ")
            .append(title)
            .append("\n\n")
            .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
            .append(", ")
            .append(machine.describe())
            .append("\n\n");
    }

    public BenchmarkReport heading(String text) {
        this.markdown.append("## ").append(text).append("\n\n");
        return this;
    }

    public BenchmarkReport text(String text) {
        this.markdown.append(text).append("\n\n");
        return this;
    }

    public BenchmarkReport table(MarkdownTable table) {
        this.markdown.append(table).append('\n');
        return this;
    }

    /**
     * A bar chart, written as {@code <name>.png} next to the report and shown in it.
     * @param series each series' name and its values, one per category
     */
    public BenchmarkReport barChart(String name, String title, String yAxis, List<String> categories,
            Map<String, List<? extends Number>> series) {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560).title(title).yAxisTitle(yAxis).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        // Upright: slanted, XChart ends each label at its tick, under the next bar.
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        series.forEach((label, values) -> chart.addSeries(label, categories, values));
        this.charts.put(name, chart);
        this.markdown.append("![").append(title).append("](").append(name).append(".png)\n\n");
        return this;
    }

    /**
     * Writes {@code <name>.md} and the charts' PNG files into {@code dir}.
     * @return the Markdown file
     */
    public Path write(Path dir, String name) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, CategoryChart> chart : this.charts.entrySet()) {
                BitmapEncoder.saveBitmap(chart.getValue(), dir.resolve(chart.getKey() + ".png").toString(),
                        BitmapEncoder.BitmapFormat.PNG);
            }
            Path file = dir.resolve(name + ".md");
            Files.writeString(file, this.markdown);
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public String toString() {
        return this.markdown.toString();
    }

}
