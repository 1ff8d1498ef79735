package io.sfcrime.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LaunchOptions options = LaunchOptions.parse(new String[] { "--root=/srv/suite" });

        assertThat(options.root()).isEqualTo(Path.of("/srv/suite"));
        assertThat(options.workDir()).isEqualTo(Path.of("/srv/suite/.local"));
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.rate()).isEqualTo(2000.0);
        assertThat(options.replay()).isTrue();
        assertThat(options.services()).extracting(ServiceSpec::name, ServiceSpec::port)
            .containsExactly(tuple("ingest-service", 8081), tuple("verify-service", 8082),
                    tuple("analytics-service", 8083));
    }

    @Test
    void argumentsSetEveryOption() {
        LaunchOptions options = LaunchOptions.parse(new String[] { "--root=/r", "--work-dir=/w", "--kafka-port=19092",
                "--port-base=28081", "--rate=0", "--replay=false" });

        assertThat(options.workDir()).isEqualTo(Path.of("/w"));
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.services()).extracting(ServiceSpec::port).containsExactly(28081, 28082, 28083);
        assertThat(options.rate()).isZero();
        assertThat(options.replay()).isFalse();
    }

    @Test
    void ingestReplaysFilesFromTheWorkDirectoryOnly() {
        assertThat(LaunchOptions.parse(new String[] { "--work-dir=/w" }).services().get(0).arguments())
            .containsExactly("--sfcrime.replay.files-dir=/w/replay-files");
    }

    @Test
    void analyticsKeepsItsDataInItsOwnWorkingDirectoryAndItsPageReachesTheOtherTwo() {
        assertThat(LaunchOptions.parse(new String[] { "--port-base=9181" }).services().get(2).arguments())
            .containsExactly("--sfcrime.analytics.data-dir=data",
                    "--sfcrime.dashboard.ingest-url=http://127.0.0.1:9181",
                    "--sfcrime.dashboard.verify-url=http://127.0.0.1:9182");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse(new String[] { "--speed=3" }))
            .withMessageContaining("Unknown option --speed");
        assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse(new String[] { "rate=3" }))
            .withMessageContaining("--name=value");
        assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse(new String[] { "--kafka-port=x" }))
            .withMessageContaining("--kafka-port must be a whole number");
        assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse(new String[] { "--rate=-1" }))
            .withMessageContaining("--rate must be a number, 0 or more");
    }

    @Test
    void theLocalProfilePassesEveryOptionOnFromMaven() throws IOException {
        // The root is the reactor's directory; every other option is the user's
        // -Dsfcrime.local.<name>.
        Pattern argument = Pattern.compile(
                "-Dsfcrime\\.local\\.([a-z-]+)=\\$\\{(sfcrime\\.local\\.[a-z-]+|maven\\.multiModuleProjectDirectory)}");
        Matcher passed = argument.matcher(Files.readString(Path.of("pom.xml")));
        Set<String> names = new HashSet<>();
        while (passed.find()) {
            assertThat(passed.group(2)).isIn("sfcrime.local." + passed.group(1), "maven.multiModuleProjectDirectory");
            names.add(passed.group(1));
        }

        assertThat(names).isEqualTo(LaunchOptions.NAMES);
    }

}
