package io.sfcrime.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real KRaft Kafka broker in this JVM, the three services as
 * child processes against it, and a replay of the real file, with the URLs and the
 * progress printed until Ctrl-C.
 */
public final class LocalSuite {

    private static final Logger log = LoggerFactory.getLogger(LocalSuite.class);

    private LocalSuite() {
    }

    /**
     * Ends this JVM (and so, through the shutdown hook, the services and the broker) when
     * the process that started it goes away without stopping it: a killed Maven or test
     * JVM must not leave the suite running.
     */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            log.warn("The process that started the suite (pid {}) has ended; stopping", parent.pid());
            System.exit(0);
        }));
    }

    public static void main(String[] args) throws Exception {
        LaunchOptions options = LaunchOptions.parse(args);
        List<ServiceProcess> services = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        LocalBroker broker = new LocalBroker(options.kafkaPort(), options.topic(), options.partitions());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the services and the broker");
            services.forEach(ServiceProcess::requestStop);
            services.forEach(ServiceProcess::awaitStopped);
            broker.stop();
            stopped.countDown();
        }, "local-suite-shutdown"));

        exitWithParent();
        broker.start();
        Path logs = options.workDir().resolve("logs");
        ApiToken token = ApiToken.forLaunch(options.workDir());
        Files.createDirectories(options.replayFiles());
        for (ServiceSpec spec : options.services()) {
            services.add(ServiceProcess.start(spec, options, broker.bootstrapServers(), token, logs));
        }
        for (ServiceProcess service : services) {
            service.awaitHealthy(Duration.ofSeconds(options.startTimeoutSeconds()));
        }
        SuiteConsole console = new SuiteConsole(options, broker.bootstrapServers(), token, logs);
        console.printWhereToLook();
        if (options.replay()) {
            console.startReplay();
        }
        console.reportUntilStopped(services, stopped);
    }

}
