package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.sfcrime.analytics.TestSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.pool2.ObjectPool;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executors' jars for the three places a class comes from: a jar on a plain class
 * path, a directory of classes, and a Boot fat jar's nested jar or classes; and the
 * session's {@code spark.jars} and driver settings made of them.
 */
class ExecutorJarsTest {

    private static final Map<String, byte[]> CLASSES = Map.of("io/example/A.class", bytes("a class"),
            "io/example/deep/B.class", bytes("another"), "application.yml", bytes("x: 1"));

    @TempDir
    Path dir;

    @Test
    void aJarOnTheClassPathIsTakenAsItIs() throws IOException {
        Path out = this.dir.resolve("out");
        List<Path> jars = ExecutorJars.of(List.of(KafkaConsumer.class, ObjectPool.class, KafkaConsumer.class), out);

        assertThat(jars).hasSize(2);
        assertThat(entries(jars.get(0))).containsKey("org/apache/kafka/clients/consumer/KafkaConsumer.class");
        assertThat(entries(jars.get(1))).containsKey("org/apache/commons/pool2/ObjectPool.class");
        assertThat(out).doesNotExist();
    }

    @Test
    void aDirectoryOfClassesIsPackedIntoAJar() throws IOException {
        Path classes = this.dir.resolve("with space/classes");
        for (Map.Entry<String, byte[]> file : CLASSES.entrySet()) {
            Files.createDirectories(classes.resolve(file.getKey()).getParent());
            Files.write(classes.resolve(file.getKey()), file.getValue());
        }
        Path jar = ExecutorJars.localJar(classes.toUri().toString(), this.dir.resolve("out"));

        assertThat(jar).hasParent(this.dir.resolve("out"));
        assertThat(entries(jar)).containsOnlyKeys(CLASSES.keySet())
            .allSatisfy((name, content) -> assertThat(content).isEqualTo(CLASSES.get(name)));
        assertThat(ExecutorJars.localJar(classes.toUri().toString(), this.dir.resolve("out")))
            .as("the same name when made again")
            .isEqualTo(jar);
        assertThat(this.dir.resolve("out")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void theModulesOwnClassesComeFromADirectoryInTests() throws IOException {
        Path jar = ExecutorJars.of(List.of(CallsTransformation.class), this.dir).get(0);

        assertThat(jar).hasParent(this.dir);
        assertThat(entries(jar)).containsKeys("io/sfcrime/analytics/pipeline/CallsTransformation$CheckRecord.class",
                "io/sfcrime/analytics/pipeline/ExecutorJars.class");
    }

    @Test
    void aFatJarsNestedJarIsCopiedOutAndItsClassesPacked() throws IOException, URISyntaxException {
        Path pool = Path.of(ObjectPool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path fatJar = this.dir.resolve("with space/app.jar");
        Files.createDirectories(fatJar.getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(fatJar))) {
            for (Map.Entry<String, byte[]> file : CLASSES.entrySet()) {
                out.putNextEntry(new ZipEntry("BOOT-INF/classes/" + file.getKey()));
                out.write(file.getValue());
            }
            stored(out, "BOOT-INF/lib/" + pool.getFileName(), Files.readAllBytes(pool));
            out.putNextEntry(new ZipEntry("org/springframework/boot/loader/launch/JarLauncher.class"));
            out.write(bytes("the launcher, not the application"));
        }
        // Boot's form, as a class of the fat jar run with java -jar reports it.
        String nested = "jar:nested:" + fatJar.toUri().getRawPath() + "/!";
        Path out = this.dir.resolve("out");

        Path copied = ExecutorJars.localJar(nested + "BOOT-INF/lib/" + pool.getFileName() + "!/", out);
        assertThat(copied).hasFileName(pool.getFileName().toString()).hasSameBinaryContentAs(pool);

        Path classes = ExecutorJars.localJar(nested + "BOOT-INF/classes/!/", out);
        assertThat(classes.getFileName().toString()).startsWith("app-classes-");
        assertThat(entries(classes)).containsOnlyKeys(CLASSES.keySet())
            .allSatisfy((name, content) -> assertThat(content).isEqualTo(CLASSES.get(name)));

        assertThatExceptionOfType(UncheckedIOException.class)
            .isThrownBy(() -> ExecutorJars.localJar(nested + "BOOT-INF/lib/missing.jar!/", out))
            .withMessageContaining("missing.jar");
    }

    @Test
    void aLocationOfAnotherKindIsRefusedWithWhatToDoInstead() {
        assertThatIllegalStateException()
            .isThrownBy(() -> ExecutorJars.localJar("http://example.org/app.jar", this.dir))
            .withMessageContaining("sfcrime.analytics.spark.ship-jars=false");
    }

    @Test
    void aClusterMasterGetsTheJarsAfterTheGivenOnesAndTheDriverSettings() {
        SparkConf conf = SparkSessionLifecycle.conf(TestSettings.bind(Map.of("sfcrime.analytics.spark.master",
                "spark://10.0.0.1:7077", "sfcrime.analytics.spark.driver-host", "analytics.example",
                "sfcrime.analytics.spark.driver-bind-address", "0.0.0.0", "sfcrime.analytics.spark.driver-port", "7078",
                "sfcrime.analytics.spark.driver-block-manager-port", "7079",
                "sfcrime.analytics.spark.properties.spark.jars", "/opt/extra.jar", "sfcrime.analytics.data-dir",
                this.dir.toString())));

        List<String> jars = Arrays.asList(conf.get("spark.jars").split(","));
        assertThat(jars.get(0)).isEqualTo("/opt/extra.jar");
        assertThat(jars.subList(1, jars.size())).hasSize(ExecutorJars.MARKERS.size())
            .allSatisfy(jar -> assertThat(Path.of(jar)).isAbsolute().isRegularFile());
        assertThat(Map.of("spark.driver.host", conf.get("spark.driver.host"), "spark.driver.bindAddress",
                conf.get("spark.driver.bindAddress"), "spark.driver.port", conf.get("spark.driver.port"),
                "spark.driver.blockManager.port", conf.get("spark.driver.blockManager.port")))
            .containsExactlyInAnyOrderEntriesOf(
                    Map.of("spark.driver.host", "analytics.example", "spark.driver.bindAddress", "0.0.0.0",
                            "spark.driver.port", "7078", "spark.driver.blockManager.port", "7079"));
    }

    @Test
    void localMastersAndShipJarsOffAddNoJars() {
        for (String master : List.of("local", "local[2]", "local[*]")) {
            SparkConf conf = SparkSessionLifecycle.conf(TestSettings.bind(Map.of("sfcrime.analytics.spark.master",
                    master, "sfcrime.analytics.data-dir", this.dir.toString())));
            assertThat(conf.contains("spark.jars")).as(master).isFalse();
            assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
            assertThat(conf.contains("spark.driver.port")).isFalse();
        }
        SparkConf off = SparkSessionLifecycle
            .conf(TestSettings.bind(Map.of("sfcrime.analytics.spark.master", "spark://10.0.0.1:7077",
                    "sfcrime.analytics.spark.ship-jars", "false", "sfcrime.analytics.spark.properties.spark.jars",
                    "/opt/extra.jar", "sfcrime.analytics.data-dir", this.dir.toString())));
        assertThat(off.get("spark.jars")).isEqualTo("/opt/extra.jar");
        assertThat(this.dir).isEmptyDirectory();
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName(), file.getInputStream(entry).readAllBytes());
                }
            }
        }
        return entries;
    }

    /** Boot stores nested jars uncompressed. */
    private static void stored(ZipOutputStream out, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(content);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
