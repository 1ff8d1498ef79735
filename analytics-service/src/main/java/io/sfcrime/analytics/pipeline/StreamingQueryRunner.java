package io.sfcrime.analytics.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The query's place in the application's lifecycle: after the SparkSession starts and
 * before the web server opens, it registers the listener and lets the supervisor make its
 * first attempt, so that with the broker up the first request meets whole results; on
 * stop it ends the query before the session stops.
 */
@Component
class StreamingQueryRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamingQueryRunner.class);

    private final SparkSessionLifecycle sessions;

    private final ProgressListener listener;

    private final QuerySupervisor supervisor;

    private volatile boolean running;

    StreamingQueryRunner(SparkSessionLifecycle sessions, ProgressListener listener, QuerySupervisor supervisor) {
        this.sessions = sessions;
        this.listener = listener;
        this.supervisor = supervisor;
    }

    @Override
    public void start() {
        this.sessions.session().streams().addListener(this.listener);
        this.running = true;
        this.supervisor.start();
    }

    @Override
    public void stop() {
        this.running = false;
        this.supervisor.stop();
        try {
            this.sessions.session().streams().removeListener(this.listener);
        }
        catch (RuntimeException ex) {
            log.debug("Listener not removed: {}", ex.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return SparkSessionLifecycle.PHASE + 1;
    }

}
