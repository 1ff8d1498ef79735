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

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The REST contract of the replay API, with the real option checks; the replay itself is left out. */
@WebMvcTest(ReplayController.class)
@Import({ ReplayOptionsResolver.class, ReplayProblems.class })
@EnableConfigurationProperties(ReplayProperties.class)
class ReplayControllerTest {

    @TempDir
    static Path dir;

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ReplayService service;

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"rate\": -5}                        | rate: must be a number of events per second, 0 or more",
        "{\"rate\": \"fast\"}                  | rate: 'fast' is not a number",
        "{\"rate\": 100, \"speedup\": 60}      | rate and speedup: give one or the other, not both",
        "{\"speedup\": 0}                      | speedup: must be a number above 0",
        "{\"order\": \"random\"}               | order: must be 'event-time' or 'file', not 'random'",
        "{\"limit\": 0}                        | limit: must be 1 or more",
        "{\"limit\": \"ten\"}                  | limit: 'ten' is not a number",
        "{\"loop\": \"sometimes\"}             | loop: 'sometimes' is not a boolean",
        "{\"file\": \"/no/such/calls.json\"}   | file: Calls file not found",
        "{\"rat\": 100} | unknown option 'rat'; the options are rate, speedup, order, limit, loop, file, resume",
        "{\"resume\": \"yes\"}                 | resume: 'yes' is not a boolean",
        "[1, 2]                                | The body must be a JSON object of replay options",
        "not json                              | The body must be a JSON object of replay options" })
    void rejectsABadOptionWithAProblemDetail(String body, String error) throws Exception {
        this.mvc.perform(post("/api/replay").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Invalid replay options"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail", containsString(error)))
                .andExpect(jsonPath("$.errors", hasItem(containsString(error))));
        verifyNoInteractions(this.service);
    }

    @Test
    void rejectsAFileThatIsNotACallsFile() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("a-directory"));
        Path text = Files.writeString(dir.resolve("notes.txt"), "these are not calls");
        for (Path file : new Path[] { directory, text }) {
            this.mvc.perform(post("/api/replay").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"file\": \"" + file + "\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0]", containsString("file: Calls file")));
        }
        verifyNoInteractions(this.service);
    }

    @Test
    void reportsEveryBadOptionAtOnce() throws Exception {
        this.mvc.perform(post("/api/replay").contentType(MediaType.APPLICATION_JSON)
                .content("{\"rate\": -1, \"speedup\": 5, \"order\": \"sideways\", \"limit\": -3}"))
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

        this.mvc.perform(post("/api/replay").contentType(MediaType.APPLICATION_JSON)
                .content("{\"speedup\": 600, \"order\": \"FILE\", \"limit\": 1000, \"loop\": true}"))
                .andExpect(status().isAccepted());

        ArgumentCaptor<ReplayOptions> options = ArgumentCaptor.forClass(ReplayOptions.class);
        Mockito.verify(this.service).start(options.capture());
        assertThat(options.getValue()).extracting(ReplayOptions::rate, ReplayOptions::speedup, ReplayOptions::order,
                ReplayOptions::limit, ReplayOptions::loop).containsExactly(null, 600.0, ReplayOrder.FILE, 1000L, true);
    }

    @Test
    void answersConflictWhileAReplayRuns() throws Exception {
        given(this.service.start(any())).willThrow(new ReplayAlreadyRunningException(ReplayStatus.IDLE));

        this.mvc.perform(post("/api/replay"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Replay already running"))
                .andExpect(jsonPath("$.replay.state").value("IDLE"));
    }

    @Test
    void aResumeTakesNoOtherOption() throws Exception {
        this.mvc.perform(post("/api/replay").contentType(MediaType.APPLICATION_JSON)
                .content("{\"resume\": true, \"rate\": 10, \"file\": \"other.json\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0]", containsString("resume: sends the rest of the last replay with its "
                        + "own options; give no other option (given: rate, file)")));
        verifyNoInteractions(this.service);
    }

    @Test
    void aResumeAloneResumesAndFalseStartsAFreshReplay() throws Exception {
        given(this.service.resume()).willReturn(ReplayStatus.IDLE);
        given(this.service.start(any())).willReturn(ReplayStatus.IDLE);

        this.mvc.perform(post("/api/replay").contentType(MediaType.APPLICATION_JSON).content("{\"resume\": true}"))
                .andExpect(status().isAccepted());
        this.mvc.perform(post("/api/replay").contentType(MediaType.APPLICATION_JSON).content("{\"resume\": false}"))
                .andExpect(status().isAccepted());

        Mockito.verify(this.service).resume();
        Mockito.verify(this.service).start(any());
    }

    @Test
    void answersConflictWhenThereIsNothingToResume() throws Exception {
        given(this.service.resume()).willThrow(new NothingToResumeException("The last replay ended COMPLETED"));

        this.mvc.perform(post("/api/replay").contentType(MediaType.APPLICATION_JSON).content("{\"resume\": true}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Nothing to resume"))
                .andExpect(jsonPath("$.detail").value("The last replay ended COMPLETED"));
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
