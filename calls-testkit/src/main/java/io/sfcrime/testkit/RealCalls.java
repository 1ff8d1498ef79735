package io.sfcrime.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real calls file, read once per test JVM with a plain Jackson parser: an independent
 * reading the product code is checked against.
 */
public final class RealCalls {

    /** Records in the real file. */
    public static final int TOTAL = 199_999;

    public static final String FILE_NAME = "police-department-calls-for-service.json.gz";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static volatile List<Call> cache;

    private RealCalls() {
    }

    /**
     * The committed copy of the calls file: {@code data/} of the project, found through
     * the system property {@code sfcrime.data.dir} (set by the build) or by walking up
     * from the working directory.
     */
    public static Path file() {
        String dir = System.getProperty("sfcrime.data.dir");
        if (dir != null && Files.isRegularFile(Path.of(dir, FILE_NAME))) {
            return Path.of(dir, FILE_NAME);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("data").resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find data/" + FILE_NAME + " (set -Dsfcrime.data.dir)");
    }

    /** Every record, in the file's own order (newest first). Unmodifiable. */
    public static List<Call> inFileOrder() {
        List<Call> calls = cache;
        if (calls == null) {
            synchronized (RealCalls.class) {
                calls = cache;
                if (calls == null) {
                    calls = Collections.unmodifiableList(read(file()));
                    cache = calls;
                }
            }
        }
        return calls;
    }

    /** Every record, oldest first; records of the same minute keep their file order. */
    public static List<Call> inEventTimeOrder() {
        List<Call> sorted = new ArrayList<>(inFileOrder());
        sorted.sort(Comparator.comparing(Call::callDateTime));
        return Collections.unmodifiableList(sorted);
    }

    private static List<Call> read(Path path) {
        List<Call> calls = new ArrayList<>(TOTAL);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16);
                JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException(path + " is not a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode node = MAPPER.readTree(parser);
                calls.add(new Call(calls.size() + 1, node.get("crime_id").asText(),
                        LocalDateTime.parse(node.get("call_date_time").asText()),
                        node.get("original_crime_type_name").asText(), node.get("disposition").asText(),
                        MAPPER.writeValueAsString(node)));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + path, ex);
        }
        return calls;
    }

}
