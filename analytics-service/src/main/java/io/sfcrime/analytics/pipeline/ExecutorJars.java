package io.sfcrime.analytics.pipeline;

import io.sfcrime.calls.CallRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.pool2.ObjectPool;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.spark.kafka010.KafkaTokenUtil;
import org.apache.spark.sql.kafka010.KafkaSourceProvider;

/**
 * The jars a cluster's executors need and a Spark distribution lacks, as local files for
 * {@code spark.jars} (the driver's file server ships them to the executors, so no package
 * repository is needed). Each is found from the code source of a class in it, which is a
 * jar, a directory of classes (packed into a jar here) or a jar or the classes inside a
 * Boot fat jar (copied out here).
 */
final class ExecutorJars {

    /**
     * One class of each jar the tasks load: Spark's Kafka connector, its token provider,
     * Kafka's client and the connector's pool (its dependencies outside Spark), and the
     * application's classes the calls rule's UDF runs (this module and {@code calls}).
     */
    static final List<Class<?>> MARKERS = List.of(KafkaSourceProvider.class, KafkaTokenUtil.class, KafkaConsumer.class,
            ObjectPool.class, CallsTransformation.class, CallRule.class);

    /** Boot's URL of a fat jar's entry: {@code jar:nested:<jar>/!<entry>!/}. */
    private static final String NESTED = "jar:nested:";

    private ExecutorJars() {
    }

    /**
     * The jars of {@code markers}, each once, as local files; what has to be made is made
     * in {@code dir}.
     */
    static List<Path> of(List<Class<?>> markers, Path dir) {
        Set<URL> locations = new LinkedHashSet<>();
        for (Class<?> marker : markers) {
            CodeSource source = marker.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("Cannot tell where " + marker.getName() + " was loaded from: "
                        + "set sfcrime.analytics.spark.ship-jars=false and list its jar in spark.jars");
            }
            locations.add(source.getLocation());
        }
        List<Path> jars = new ArrayList<>();
        for (URL location : locations) {
            jars.add(localJar(location.toString(), dir));
        }
        return jars;
    }

    /**
     * A local jar holding what {@code location} (a code source's URL) holds.
     */
    static Path localJar(String location, Path dir) {
        try {
            if (location.startsWith("file:")) {
                Path path = Path.of(new URI(location));
                return Files.isDirectory(path) ? packed(path, dir) : path;
            }
            if (location.startsWith(NESTED) && location.endsWith("!/")) {
                String nested = location.substring(NESTED.length(), location.length() - 2);
                int separator = nested.indexOf("/!");
                if (separator > 0) {
                    return copiedOut(Path.of(new URI("file:" + nested.substring(0, separator).replace(" ", "%20"))),
                            nested.substring(separator + 2), dir);
                }
            }
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException("Not a file location: " + location, ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot make a jar for the executors of " + location, ex);
        }
        throw new IllegalStateException("Cannot make a jar of " + location
                + ": set sfcrime.analytics.spark.ship-jars=false and list the jars the executors need in spark.jars");
    }

    /** A directory of classes as {@code classes-<hash>.jar}. */
    private static Path packed(Path classes, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        return pack(dir.resolve(jarName("classes", classes.toString())), out -> {
            for (Path file : files) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
            }
        });
    }

    /**
     * A fat jar's entry: a nested jar copied as it is, or a directory of classes
     * ({@code BOOT-INF/classes/}) packed into a jar.
     */
    private static Path copiedOut(Path fatJar, String entry, Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(fatJar.toFile())) {
            if (entry.endsWith("/")) {
                String base = fatJar.getFileName().toString().replaceFirst("\\.jar$", "");
                return pack(dir.resolve(jarName(base + "-classes", fatJar + "!" + entry)), out -> {
                    for (ZipEntry each : Collections.list(zip.entries())) {
                        if (!each.isDirectory() && each.getName().startsWith(entry)) {
                            out.putNextEntry(new JarEntry(each.getName().substring(entry.length())));
                            try (InputStream in = zip.getInputStream(each)) {
                                in.transferTo(out);
                            }
                        }
                    }
                });
            }
            ZipEntry nested = zip.getEntry(entry);
            if (nested == null) {
                throw new IOException(fatJar + " has no " + entry);
            }
            Path jar = dir.resolve(entry.substring(entry.lastIndexOf('/') + 1));
            try (InputStream in = zip.getInputStream(nested)) {
                Files.copy(in, temporary(jar), StandardCopyOption.REPLACE_EXISTING);
            }
            return moved(jar);
        }
    }

    private static String jarName(String prefix, String source) {
        return prefix + "-" + Integer.toHexString(source.hashCode()) + ".jar";
    }

    private static Path pack(Path jar, Entries entries) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(temporary(jar)))) {
            entries.writeTo(out);
        }
        return moved(jar);
    }

    /**
     * Written beside and moved in place, so a jar the driver serves is never half
     * written.
     */
    private static Path temporary(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        return jar.resolveSibling(jar.getFileName() + ".tmp");
    }

    private static Path moved(Path jar) throws IOException {
        return Files.move(jar.resolveSibling(jar.getFileName() + ".tmp"), jar, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private interface Entries {

        void writeTo(JarOutputStream out) throws IOException;

    }

}
