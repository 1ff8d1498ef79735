package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.testkit.BaitServer;
import io.sfcrime.testkit.RealCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The REST contract of the replay API, with the real option checks; the replay itself is
 * left out.
 */
@WebMvcTest(ReplayController.class)
@Import({ ReplayOptionsResolver.class, ReplayFiles.class, StrictJson.class })
@EnableConfigurationProperties(ReplayProperties.class)
class ReplayControllerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Holds sfcrime.replay.files-dir and, beside it, what must stay out of reach. */
    @TempDir
    static Path root;

    @DynamicPropertySource
    static void filesDir(DynamicPropertyRegistry registry) {
        registry.add("sfcrime.replay.files-dir", () -> dir().toString());
    }

    private static Path dir() {
        return root.resolve("files");
    }

    @BeforeEach
    void createTheDirectory() throws Exception {
        Files.createDirectories(dir());
    }

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ReplayService service;

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"rate\": -5}                        | rate: must be a number of events per second, 0 or more",
            "{\"rate\": 1e999}                     | rate: must be a number of events per second, 0 or more",
            "{\"rate\": \"fast\"}                  | rate: 'fast' is not a number",
            "{\"rate\": 100, \"speedup\": 60}      | rate and speedup: give one or the other, not both",
            "{\"speedup\": 0}                      | speedup: must be a number above 0",
            "{\"order\": \"random\"}               | order: must be 'event-time' or 'file', not 'random'",
            "{\"order\": \"${1+1}{x}\"}            | order: must be 'event-time' or 'file', not '${1+1}{x}'",
            "{\"limit\": 0}                        | limit: must be 1 or more",
            "{\"limit\": \"ten\"}                  | limit: 'ten' is not a number",
            "{\"loop\": \"sometimes\"}             | loop: 'sometimes' is not a boolean",
            "{\"loop\": 2}                         | loop: '2' is not a boolean",
            "{\"file\": \"no-such-calls.json\"}    | file: no file 'no-such-calls.json' under sfcrime.replay.files-dir",
            "{\"rat\": 100} | unknown option 'rat'; the options are rate, speedup, order, limit, loop, file, resume",
            "{\"resume\": \"yes\"}                 | resume: 'yes' is not a boolean",
            "[1, 2]                                | The body must be a JSON object of replay options",
            "not json                              | The body must be a JSON object of replay options" })
    void rejectsABadOptionWithAProblemDetail(String body, String error) throws Exception {
        this.mvc.perform(json(body))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("Invalid replay options"))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.detail", containsString(error)))
            .andExpect(jsonPath("$.errors", hasItem(containsString(error))));
        verifyNoInteractions(this.service);
    }

    @Test
    void rejectsAFileThatIsNotACallsFileWithoutQuotingIt() throws Exception {
        Files.createDirectories(dir().resolve("a-directory"));
        Files.writeString(dir().resolve("notes.txt"), "these are not calls");

        String directory = rejected("a-directory");
        String text = rejected("notes.txt");

        assertThat(directory).isEqualTo("file: 'a-directory' under sfcrime.replay.files-dir is not a regular file");
        assertThat(text).as("names the file as asked, not where the service keeps it")
            .isEqualTo("file: Calls file 'notes.txt' is not JSON (line 1, column 1)");
        verifyNoInteractions(this.service);
    }

    @Test
    void acceptsAFileInsideTheDirectoryByRelativeOrAbsolutePathAndTheBundledFile() throws Exception {
        given(this.service.start(any())).willReturn(ReplayStatus.IDLE);
        Files.createDirectories(dir().resolve("sub"));
        Path calls = Files.writeString(dir().resolve("sub/calls.json"), "[]");

        for (String file : new String[] { "sub/calls.json", calls.toString(), "sub/../sub/./calls.json",
                ReplayProperties.BUNDLED_FILE }) {
            this.mvc.perform(json("{\"file\": \"" + file + "\"}")).andExpect(status().isAccepted());
        }
    }

    @Test
    void refusesEveryPathOutOfTheDirectoryAndAnswersNothingOfWhatIsThere() throws Exception {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.json"),
                "[{\"crime_id\": \"SECRET-4711\", \"call_date_time\": \"2018-10-02T09:13:00\"}]");
        Files.createDirectories(dir().resolve("inside"));
        Files.createSymbolicLink(dir().resolve("link-to-file.json"), secret);
        Files.createSymbolicLink(dir().resolve("link-to-dir"), outside);
        Files.createSymbolicLink(dir().resolve("inside/up"), root);

        String rule = "file: must name a file inside sfcrime.replay.files-dir (a path relative to it); "
                + "'..' and paths elsewhere are refused";
        String link = "file: leads out of sfcrime.replay.files-dir through a symbolic link; refused";
        assertThat(rejected(secret.toString())).isEqualTo(rule);
        assertThat(rejected("../outside/secret.json")).isEqualTo(rule);
        assertThat(rejected("inside/../../outside/secret.json")).isEqualTo(rule);
        assertThat(rejected("/etc/shadow")).isEqualTo(rule);
        assertThat(rejected("/proc/self/environ")).isEqualTo(rule);
        assertThat(rejected("/etc/passwd")).isEqualTo(rule);
        assertThat(rejected(".")).isEqualTo(rule);
        assertThat(rejected("link-to-file.json")).isEqualTo(link);
        assertThat(rejected("link-to-dir/secret.json")).isEqualTo(link);
        assertThat(rejected("link-to-dir/absent.json")).as("nothing past the link is looked at").isEqualTo(link);
        assertThat(rejected("inside/up/outside/secret.json")).isEqualTo(link);
        verifyNoInteractions(this.service);
    }

    @Test
    void neverFetchesAUrl() throws Exception {
        try (BaitServer server = BaitServer.serving(RealCalls.inFileOrder().subList(0, 1))) {
            String base = server.base();
            for (String url : new String[] { base + "/calls.json", base.replace("http", "https") + "/calls.json",
                    "jar:" + base + "/calls.jar!/calls.json", "ftp://127.0.0.1:" + server.port() + "/c",
                    "file:" + dir().resolve("notes.txt"), "file:///etc/passwd", "classpath:application.yml",
                    "classpath:/calls/police-department-calls-for-service.json.gz", "url:" + base }) {
                assertThat(rejected(url)).as(url)
                    .isEqualTo("file: only the bundled file (" + ReplayProperties.BUNDLED_FILE
                            + ") or a path under sfcrime.replay.files-dir can be "
                            + "replayed; URLs and other resource locations are refused");
            }
            assertThat(server.requests()).as("requests the test's HTTP server saw").isZero();
        }
        verifyNoInteractions(this.service);
    }

    /**
     * The single error of a refused {@code file} option, after checking the answer is a
     * 400 problem detail.
     */
    private String rejected(String file) throws Exception {
        String body = this.mvc.perform(json(MAPPER.writeValueAsString(Map.of("file", file))))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andReturn()
            .getResponse()
            .getContentAsString();
        JsonNode errors = MAPPER.readTree(body).path("errors");
        assertThat(errors).as(body).hasSize(1);
        assertThat(body).doesNotContain("SECRET")
            .doesNotContain(dir().toString())
            .doesNotContain("root:")
            .doesNotContain("PATH=");
        return errors.get(0).asText();
    }

    @Test
    void takesJsonOnly() throws Exception {
        this.mvc.perform(post("/api/replay").contentType(MediaType.TEXT_PLAIN).content("{\"rate\": 1}"))
            .andExpect(status().isUnsupportedMediaType())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(this.service);
    }

    @Test
    void reportsEveryBadOptionAtOnce() throws Exception {
        this.mvc.perform(json("{\"rate\": -1, \"speedup\": 5, \"order\": \"sideways\", \"limit\": -3}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors.length()").value(4))
            .andExpect(jsonPath("$.errors", hasItem(containsString("rate: must be"))));
    }

    @Test
    void startsWithTheDefaultsWhenTheBodyIsEmpty() throws Exception {
        given(this.service.start(any())).willReturn(ReplayStatus.IDLE);

        this.mvc.perform(post("/api/replay")).andExpect(status().isAccepted());

        ArgumentCaptor<ReplayOptions> options = ArgumentCaptor.forClass(ReplayOptions.class);
        Mockito.verify(this.service).start(options.capture());
        assertThat(options.getValue().rate()).isZero();
        assertThat(options.getValue().speedup()).isNull();
        assertThat(options.getValue().order()).isEqualTo(ReplayOrder.EVENT_TIME);
        assertThat(options.getValue().limit()).isNull();
        assertThat(options.getValue().file()).isEqualTo(ReplayProperties.BUNDLED_FILE);
    }

    @Test
    void passesTheChosenOptionsOn() throws Exception {
        given(this.service.start(any())).willReturn(ReplayStatus.IDLE);

        this.mvc.perform(json("{\"speedup\": 600, \"order\": \"FILE\", \"limit\": 1000, \"loop\": true}"))
            .andExpect(status().isAccepted());

        ArgumentCaptor<ReplayOptions> options = ArgumentCaptor.forClass(ReplayOptions.class);
        Mockito.verify(this.service).start(options.capture());
        assertThat(options.getValue())
            .extracting(ReplayOptions::rate, ReplayOptions::speedup, ReplayOptions::order, ReplayOptions::limit,
                    ReplayOptions::loop)
            .containsExactly(null, 600.0, ReplayOrder.FILE, 1000L, true);
    }

    @Test
    void answersConflictWhileAReplayRuns() throws Exception {
        given(this.service.start(any())).willThrow(new ReplayAlreadyRunningException(ReplayStatus.IDLE));

        conflict(post("/api/replay"), "Replay already running").andExpect(jsonPath("$.replay.state").value("IDLE"));
    }

    @Test
    void aResumeTakesNoOtherOption() throws Exception {
        this.mvc.perform(json("{\"resume\": true, \"rate\": 10, \"file\": \"other.json\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0]", containsString("resume: sends the rest of the last replay with its "
                    + "own options; give no other option (given: rate, file)")));
        verifyNoInteractions(this.service);
    }

    @Test
    void aResumeAloneResumesAndFalseStartsAFreshReplay() throws Exception {
        given(this.service.resume()).willReturn(ReplayStatus.IDLE);
        given(this.service.start(any())).willReturn(ReplayStatus.IDLE);

        this.mvc.perform(json("{\"resume\": true}")).andExpect(status().isAccepted());
        this.mvc.perform(json("{\"resume\": false}")).andExpect(status().isAccepted());

        Mockito.verify(this.service).resume();
        Mockito.verify(this.service).start(any());
    }

    @Test
    void answersConflictWhenThereIsNothingToResume() throws Exception {
        given(this.service.resume()).willThrow(new NothingToResumeException("The last replay ended COMPLETED"));

        conflict(json("{\"resume\": true}"), "Nothing to resume")
            .andExpect(jsonPath("$.detail").value("The last replay ended COMPLETED"));
    }

    /** A POST of the replay API with this JSON body. */
    private static MockHttpServletRequestBuilder json(String body) {
        return post("/api/replay").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    /**
     * Performs the request and checks that it is answered 409 with a problem detail of
     * this title.
     */
    private ResultActions conflict(MockHttpServletRequestBuilder request, String title) throws Exception {
        return this.mvc.perform(request)
            .andExpect(status().isConflict())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value(title));
    }

    @Test
    void reportsTheStatus() throws Exception {
        given(this.service.status()).willReturn(ReplayStatus.IDLE);

        this.mvc.perform(get("/api/replay"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.state").value("IDLE"))
            .andExpect(jsonPath("$.sent").value(0));
    }

}
