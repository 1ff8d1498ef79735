package io.sfcrime.ingest.replay;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/** Starts, stops and reports replays; one runs at a time. */
@Service
class ReplayService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);

    /**
     * How long a stop request waits for the replay to settle, so its answer shows the
     * final state.
     */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final KafkaTemplate<String, byte[]> template;

    private final ReplayProperties properties;

    private final ReplayOptionsResolver resolver;

    private final ReplayMetrics metrics;

    private final TopicLimit topicLimit;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replay");
        thread.setDaemon(true);
        return thread;
    });

    /** The current or last replay; null until one started. */
    private Started current;

    /**
     * A run and how it ended, once it did: the run's result is what the future returns.
     */
    private record Started(ReplayRun run, CompletableFuture<ReplayOutcome> outcome) {

        boolean isRunning() {
            return !this.outcome.isDone();
        }

        ReplayStatus status() {
            return this.run.status(this.outcome.getNow(null));
        }
    }

    ReplayService(KafkaTemplate<String, byte[]> template, ReplayProperties properties, ReplayOptionsResolver resolver,
            ReplayMetrics metrics, TopicLimit topicLimit, MeterRegistry registry) {
        this.template = template;
        this.topicLimit = topicLimit;
        this.properties = properties;
        this.resolver = resolver;
        this.metrics = metrics;
        metrics.bind(registry, this::status);
    }

    /**
     * Starts a replay with checked options (see {@link ReplayOptionsResolver}).
     * @throws ReplayAlreadyRunningException if a replay runs
     */
    synchronized ReplayStatus start(ReplayOptions options) {
        if (this.current != null && this.current.isRunning()) {
            throw new ReplayAlreadyRunningException(this.current.status());
        }
        return launch(options, ResumePlan.EVERYTHING, null);
    }

    /**
     * Starts a run that sends what the last replay left: the events Kafka did not
     * acknowledge, then every event it never handed over, with the same options (file,
     * order, limit, pacing).
     * @throws ReplayAlreadyRunningException if a replay runs
     * @throws NothingToResumeException if no replay ran, the last one left nothing to
     * send, or its file changed
     */
    synchronized ReplayStatus resume() {
        if (this.current == null) {
            throw new NothingToResumeException("No replay has run since the service started: nothing to resume");
        }
        if (this.current.isRunning()) {
            throw new ReplayAlreadyRunningException(this.current.status());
        }
        ReplayStatus ended = this.current.status();
        if (ended.resume() == null) {
            throw new NothingToResumeException("The last replay ended " + ended.state() + " and left nothing to send: "
                    + ended.acknowledged() + " of its events acknowledged, " + ended.failed() + " failed");
        }
        ReplayRun last = this.current.run();
        ReplayOptions options = this.resolver.forResume(last.options());
        return launch(options, this.current.outcome().join().left(), last.startedAt());
    }

    private ReplayStatus launch(ReplayOptions options, ResumePlan plan, Instant resumeOf) {
        ReplayRun run = new ReplayRun(options, plan, resumeOf, this.template, this.topicLimit::fitProducer,
                this.properties, this.metrics);
        this.current = new Started(run, CompletableFuture.supplyAsync(run::call, this.executor));
        return this.current.status();
    }

    /**
     * Stops the running replay, if any; answers the status once it settled (or after a
     * bounded wait).
     */
    ReplayStatus stop() {
        Started started;
        synchronized (this) {
            started = this.current;
        }
        if (started == null) {
            return ReplayStatus.IDLE;
        }
        started.run().requestStop();
        try {
            started.outcome().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            log.warn("Replay still settling {} after the stop request", STOP_WAIT);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException ex) {
            log.error("Replay ended with an error", ex.getCause());
        }
        return started.status();
    }

    synchronized ReplayStatus status() {
        return this.current == null ? ReplayStatus.IDLE : this.current.status();
    }

    @EventListener(ApplicationReadyEvent.class)
    void autoStart() {
        if (this.properties.autoStart()) {
            log.info("sfcrime.replay.auto-start is set: starting a replay with the defaults");
            start(this.resolver.resolve(ReplayRequest.DEFAULTS));
        }
    }

    /**
     * Stops a running replay as soon as the context starts closing: the close event comes
     * before the producer factory's lifecycle stops, so what was sent can still be
     * acknowledged.
     */
    @EventListener(ContextClosedEvent.class)
    void stopOnClose() {
        stop();
    }

    @Override
    public void destroy() {
        this.executor.shutdownNow();
    }

}
