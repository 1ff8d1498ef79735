package io.sfcrime.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    @Test
    void samplesGiveMedianRangeAndNearestRankPercentiles() {
        Samples odd = Samples.of(5, 1, 3);
        assertThat(odd.median()).isEqualTo(3);
        assertThat(odd.medianAndRange()).isEqualTo("3 [1-5]");
        assertThat(Samples.of(4, 1, 3, 2).median()).isEqualTo(2.5);
        Samples hundred = Samples.of(IntStream.rangeClosed(1, 100).boxed().toList());
        assertThat(hundred.percentile(50)).isEqualTo(50);
        assertThat(hundred.percentile(95)).isEqualTo(95);
        assertThat(hundred.percentile(99)).isEqualTo(99);
        assertThat(hundred.percentile(100)).isEqualTo(100);
        assertThat(Samples.of(7).percentile(1)).isEqualTo(7);
        assertThat(Samples.format(1234567.4)).isEqualTo("1,234,567");
        assertThatIllegalArgumentException().isThrownBy(() -> hundred.percentile(0));
        assertThatIllegalArgumentException().isThrownBy(Samples::of);
    }

    @Test
    void tableEscapesCellsAndRefusesRowsOfTheWrongWidth() {
        MarkdownTable table = new MarkdownTable("setting", "rows/s").row("a|b", 12);
        assertThat(table).hasToString("| setting | rows/s |\n| --- | --- |\n| a\\|b | 12 |\n");
        assertThat(table.rowCount()).isEqualTo(1);
        assertThatIllegalArgumentException().isThrownBy(() -> table.row("only one"));
    }

    @Test
    void writesTheMarkdownWithTheMachineAndEachChartAsAPng(@TempDir Path dir) throws IOException {
        Machine machine = Machine.current();
        assertThat(machine.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(machine.memoryBytes()).isPositive();
        Path file = new BenchmarkReport("Title", machine).heading("Part")
            .text("Some words.")
            .table(new MarkdownTable("a", "b").row(1, 2))
            .barChart("speed", "Speed", "rows/s", List.of("x", "y"), Map.of("run", List.of(10, 20)))
            .write(dir, "report");
        String markdown = Files.readString(file);
        assertThat(markdown).startsWith("# Title\n\n")
            .contains(machine.describe().substring(0, machine.describe().indexOf(", load average")))
            .contains("## Part\n\nSome words.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n")
            .contains("![Speed](speed.png)");
        BufferedImage png = ImageIO.read(dir.resolve("speed.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1000);
        assertThat(png.getHeight()).isEqualTo(560);
    }

}
