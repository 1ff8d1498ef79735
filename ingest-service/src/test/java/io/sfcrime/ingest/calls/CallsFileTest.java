package io.sfcrime.ingest.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.Poison;
import io.sfcrime.testkit.RealCalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

class CallsFileTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The newest call of the real file. */
    private static final Call NEWEST = RealCalls.inFileOrder().get(0);

    /** The oldest call of the real file. */
    private static final Call OLDEST = RealCalls.inFileOrder().get(RealCalls.TOTAL - 1);

    private static final String GOOD_1 = NEWEST.json();

    private static final String GOOD_2 = OLDEST.json();

    @TempDir
    Path dir;

    private final List<SkippedRecord> skipped = new ArrayList<>();

    @Test
    void readsTheRealFileInItsOwnOrderExactlyAsAnIndependentReaderDoes() {
        List<CallEvent> events = readAll(bundled().inFileOrder(this.skipped::add));

        List<Call> expected = RealCalls.inFileOrder();
        assertThat(events).hasSize(RealCalls.TOTAL);
        assertThat(this.skipped).isEmpty();
        assertThat(events).extracting(CallEvent::crimeId)
            .containsExactlyElementsOf(expected.stream().map(Call::crimeId).toList());
        assertThat(events).extracting(CallsFileTest::json)
            .containsExactlyElementsOf(expected.stream().map(Call::json).toList());
        assertThat(events).extracting(CallEvent::callDateTime)
            .containsExactlyElementsOf(expected.stream().map(Call::callDateTime).toList());
        assertThat(events.get(0).crimeId()).isEqualTo("183653763");
        assertThat(events.get(1).line()).as("16 lines per record after the opening bracket").isEqualTo(18);
    }

    @Test
    void sortsTheRealFileByEventTimeKeepingFileOrderWithinATime() {
        try (CallStream stream = bundled().inEventTimeOrder(this.skipped::add)) {
            assertThat(stream.size()).hasValue(RealCalls.TOTAL);
            List<CallEvent> events = readAll(stream);

            assertThat(events).hasSize(RealCalls.TOTAL);
            assertThat(events)
                .isSortedAccordingTo(Comparator.comparing(CallEvent::callDateTime).thenComparing(CallEvent::position));
            assertThat(events).extracting(CallsFileTest::json)
                .containsExactlyElementsOf(RealCalls.inEventTimeOrder().stream().map(Call::json).toList());
            assertThat(events.get(0).callDateTime()).hasToString("2018-10-02T09:11");
            assertThat(events.get(events.size() - 1).callDateTime()).hasToString("2018-12-31T23:57");
        }
    }

    @Test
    void skipsMalformedRecordsWithTheirPositionAndKeepsEveryGoodOne() throws IOException {
        Path file = write("malformed.json",
                "[\n" + String.join(",\n", GOOD_1, "42", "\"text\"", "[1, [2]]",
                        "{\"call_date_time\":\"2018-10-02T10:00:00.000\"}",
                        with(NEWEST, "crime_id", MAPPER.getNodeFactory().numberNode(183_653_763L)),
                        "{\"crime_id\":\"100000003\"}",
                        with(NEWEST, "call_date_time", MAPPER.getNodeFactory().textNode("yesterday")), "null", GOOD_2)
                        + "\n]");

        List<CallEvent> events = readAll(new CallsFile(new FileSystemResource(file)).inFileOrder(this.skipped::add));

        assertThat(events).extracting(CallEvent::crimeId).containsExactly(NEWEST.crimeId(), OLDEST.crimeId());
        assertThat(events.get(1).position()).isEqualTo(10);
        assertThat(this.skipped).extracting(SkippedRecord::position).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(this.skipped).extracting(SkippedRecord::line).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(this.skipped).extracting(record -> record.reason().code())
            .containsExactly("not-an-object", "not-an-object", "not-an-object", "missing-field", "wrong-type",
                    "missing-field", "bad-call-date-time", "not-an-object");
        assertThat(this.skipped).extracting(SkippedRecord::detail)
            .containsExactly("a JSON number", "a JSON string", "a JSON array",
                    "missing crime_id, original_crime_type_name, report_date, call_date, offense_date, "
                            + "call_time, disposition, address, city, state, agency_id, address_type, common_location",
                    "crime_id is a number",
                    "missing original_crime_type_name, report_date, call_date, offense_date, "
                            + "call_time, call_date_time, disposition, address, city, state, agency_id, address_type, "
                            + "common_location",
                    "call_date_time 'yesterday' is not a date-time like 2018-12-31T23:57:00.000", "a JSON null");
    }

    /**
     * Every kind of the test kit's poison that can stand in a JSON file (no key, one
     * UTF-8 JSON value) is skipped with its own reason, and nothing else is.
     */
    @Test
    void skipsExactlyWhatTheCallsRuleRejectsWithItsReason() throws IOException {
        List<Poison> inFile = Poison.every(NEWEST).stream().filter(CallsFileTest::canStandInAFile).toList();
        List<String> records = new ArrayList<>(List.of(GOOD_1));
        inFile.forEach(poison -> records.add(new String(poison.value(), StandardCharsets.UTF_8)));
        records.add(GOOD_2);
        Path file = write("poison.json", "[\n" + String.join(",\n", records) + "\n]");

        List<CallEvent> events = readAll(new CallsFile(new FileSystemResource(file)).inFileOrder(this.skipped::add));

        assertThat(inFile).extracting(Poison::reason)
            .contains("too-large", "not-json", "not-an-object", "missing-field", "wrong-type", "bad-crime-id",
                    "bad-call-date-time");
        assertThat(events).extracting(CallsFileTest::json).containsExactly(GOOD_1, GOOD_2);
        assertThat(this.skipped).extracting(record -> record.reason().code())
            .containsExactlyElementsOf(inFile.stream().map(Poison::reason).toList());
        assertThat(this.skipped).extracting(SkippedRecord::position)
            .containsExactlyElementsOf(LongStream.rangeClosed(2, inFile.size() + 1).boxed().toList());
    }

    @Test
    void keepsTheGoodRecordsBeforeAFileBreaksOff() throws IOException {
        Path file = write("truncated.json", "[" + GOOD_1 + "," + GOOD_2 + ",{\"crime_id\": \"1\", \"call");
        List<CallEvent> events = new ArrayList<>();
        try (CallStream stream = new CallsFile(new FileSystemResource(file)).inFileOrder(this.skipped::add)) {
            assertThatThrownBy(() -> {
                for (CallEvent event = stream.next(); event != null; event = stream.next()) {
                    events.add(event);
                }
            }).isInstanceOf(CallsFileException.class).hasMessageContaining("after record 3");
        }
        assertThat(events).extracting(CallEvent::crimeId).containsExactly(NEWEST.crimeId(), OLDEST.crimeId());
    }

    @Test
    void aFileThatBreaksOffCannotBeSortedButSaysWhy() throws IOException {
        Path file = write("unclosed.json", "[" + GOOD_1 + "," + GOOD_2);
        CallsFile calls = new CallsFile(new FileSystemResource(file));
        assertThatThrownBy(() -> calls.inEventTimeOrder(this.skipped::add)).isInstanceOf(CallsFileException.class)
            .hasMessageContaining("ends before its array is closed");
    }

    @Test
    void sortsAShuffledFileByEventTimeKeepingItsOwnOrderWithinATime() throws IOException {
        // The real file is about in reverse order, so its spill is read back in long
        // runs; shuffled, each call is read on its own or with few neighbours.
        List<Call> shuffled = new ArrayList<>(RealCalls.inFileOrder().subList(0, 30_000));
        Collections.shuffle(shuffled, new Random(7));
        Path file = write("shuffled.json",
                shuffled.stream().map(Call::json).collect(Collectors.joining(",\n", "[", "]")));

        List<CallEvent> events = readAll(
                new CallsFile(new FileSystemResource(file)).inEventTimeOrder(this.skipped::add));

        List<Call> expected = shuffled.stream().sorted(Comparator.comparing(Call::callDateTime)).toList();
        assertThat(events).extracting(CallEvent::crimeId)
            .containsExactlyElementsOf(expected.stream().map(Call::crimeId).toList());
        assertThat(events).extracting(CallsFileTest::json)
            .containsExactlyElementsOf(expected.stream().map(Call::json).toList());
        assertThat(this.skipped).isEmpty();
    }

    @Test
    void readsPlainAndGzipFilesAlikeWhateverTheirName() throws IOException {
        String json = "[" + GOOD_1 + "," + GOOD_2 + "]";
        Path plain = write("calls.json.gz", json);
        Path gzip = this.dir.resolve("calls.json");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        for (Path file : List.of(plain, gzip)) {
            assertThat(readAll(new CallsFile(new FileSystemResource(file)).inEventTimeOrder(this.skipped::add)))
                .extracting(CallEvent::crimeId)
                .containsExactly(OLDEST.crimeId(), NEWEST.crimeId());
        }
    }

    @Test
    void checkNamesWhatIsWrongWithAFile() throws IOException {
        assertThatThrownBy(() -> new CallsFile(new FileSystemResource(this.dir.resolve("absent.json"))).check())
            .isInstanceOf(CallsFileException.class)
            .hasMessageContaining("not found");
        assertThatThrownBy(() -> new CallsFile(new FileSystemResource(this.dir)).check())
            .isInstanceOf(CallsFileException.class)
            .hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> new CallsFile(new FileSystemResource(write("object.json", "{\"a\":1}"))).check())
            .isInstanceOf(CallsFileException.class)
            .hasMessageContaining("is not a JSON array");
        assertThatThrownBy(() -> new CallsFile(new FileSystemResource(write("text.csv", "crime_id,x\n1,2"))).check())
            .isInstanceOf(CallsFileException.class)
            .hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> new CallsFile(new FileSystemResource(write("empty.json", ""))).check())
            .isInstanceOf(CallsFileException.class)
            .hasMessageContaining("is not a JSON array");
    }

    private static CallsFile bundled() {
        return new CallsFile(new ClassPathResource("calls/police-department-calls-for-service.json.gz"));
    }

    /**
     * A poison a file can hold: no key involved, and one value a plain JSON parser reads
     * from UTF-8 text.
     */
    private static boolean canStandInAFile(Poison poison) {
        if (poison.reason().equals("missing-key") || poison.reason().equals("key-mismatch") || poison.value() == null) {
            return false;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(poison.value())).toString();
            return !text.isBlank() && text.indexOf('\u0000') < 0 && text.indexOf('\uFEFF') < 0
                    && MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text) != null;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static String with(Call call, String field, JsonNode value) throws IOException {
        ObjectNode node = (ObjectNode) MAPPER.readTree(call.json());
        return node.set(field, value).toString();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(this.dir.resolve(name), content);
    }

    /** The value as the topic's consumers read it: UTF-8 JSON. */
    private static String json(CallEvent event) {
        return new String(event.value(), StandardCharsets.UTF_8);
    }

    private static List<CallEvent> readAll(CallStream stream) {
        List<CallEvent> events = new ArrayList<>();
        try (stream) {
            for (CallEvent event = stream.next(); event != null; event = stream.next()) {
                events.add(event);
            }
        }
        return events;
    }

}
