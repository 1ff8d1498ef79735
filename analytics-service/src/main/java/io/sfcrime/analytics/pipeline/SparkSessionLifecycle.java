package io.sfcrime.analytics.pipeline;

import io.sfcrime.analytics.AnalyticsProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Creates the embedded SparkSession when the application starts and stops it when the
 * application stops.
 */
@Component
class SparkSessionLifecycle implements SmartLifecycle {

    /**
     * Before the query, which starts before the web server: requests never meet a service
     * without Spark.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(SparkSessionLifecycle.class);

    /**
     * Properties the results depend on: call times are zone-less local times, read and
     * written as UTC.
     */
    private static final Map<String, String> FIXED = Map.of("spark.sql.session.timeZone", "UTC",
            "spark.sql.datetime.java8API.enabled", "true");

    private final AnalyticsProperties properties;

    private volatile SparkSession session;

    SparkSessionLifecycle(AnalyticsProperties properties) {
        this.properties = properties;
    }

    SparkSession session() {
        SparkSession current = this.session;
        if (current == null) {
            throw new IllegalStateException("The SparkSession is not running");
        }
        return current;
    }

    @Override
    public void start() {
        long started = System.nanoTime();
        SparkSession created = SparkSession.builder().config(conf(this.properties)).getOrCreate();
        this.session = created;
        log.info("SparkSession {} started in {} ms (master {}, Spark {})", created.sparkContext().applicationId(),
                (System.nanoTime() - started) / 1_000_000, created.sparkContext().master(), created.version());
        if (created.sparkContext().uiWebUrl().isDefined()) {
            log.info("Spark UI at {}", created.sparkContext().uiWebUrl().get());
            // Spark binds its UI to SPARK_LOCAL_IP only (an environment variable, no
            // setting), else to 0.0.0.0.
            if (System.getenv("SPARK_LOCAL_IP") == null) {
                log.warn("Spark's UI listens on every interface: it has no login, so set SPARK_LOCAL_IP=127.0.0.1 "
                        + "(the embedded default does) or sfcrime.analytics.spark.ui-enabled=false where others "
                        + "can reach this machine");
            }
        }
    }

    static SparkConf conf(AnalyticsProperties properties) {
        AnalyticsProperties.Spark spark = properties.spark();
        SparkConf conf = new SparkConf().setMaster(spark.master())
            .setAppName(spark.appName())
            .set("spark.ui.enabled", Boolean.toString(spark.uiEnabled()))
            .set("spark.ui.port", Integer.toString(spark.uiPort()))
            .set("spark.ui.showConsoleProgress", "false")
            // The UI has no login: its kill links would let anyone who reaches it stop
            // the query's jobs.
            .set("spark.ui.killEnabled", "false")
            .set("spark.driver.host", spark.driverHost())
            .set("spark.driver.bindAddress",
                    spark.driverBindAddress() != null ? spark.driverBindAddress() : spark.driverHost())
            // Spark's URL handler factory is JVM-wide and would break Tomcat once a
            // context restarts.
            .set("spark.sql.defaultUrlStreamHandlerFactory.enabled", "false")
            .set("spark.sql.shuffle.partitions", Integer.toString(properties.query().shufflePartitions()));
        if (spark.driverPort() != null) {
            conf.set("spark.driver.port", spark.driverPort().toString());
        }
        if (spark.driverBlockManagerPort() != null) {
            conf.set("spark.driver.blockManager.port", spark.driverBlockManagerPort().toString());
        }
        spark.properties().forEach(conf::set);
        if (spark.shipJars() && !spark.isLocal()) {
            shipJars(conf, properties.dataDir().resolve("spark-jars"));
        }
        FIXED.forEach((key, value) -> {
            if (spark.properties().containsKey(key) && !value.equals(spark.properties().get(key))) {
                log.warn("Ignoring {}={}: the service needs {}", key, spark.properties().get(key), value);
            }
            conf.set(key, value);
        });
        return conf;
    }

    /**
     * Adds the jars the executors need to {@code spark.jars}, after any given there: with
     * a master that is not {@code local}, tasks run in other JVMs, which have Spark's own
     * jars only.
     */
    private static void shipJars(SparkConf conf, Path dir) {
        List<String> jars = new ArrayList<>();
        if (conf.contains("spark.jars") && !conf.get("spark.jars").isBlank()) {
            jars.add(conf.get("spark.jars"));
        }
        ExecutorJars.of(ExecutorJars.MARKERS, dir).forEach(jar -> jars.add(jar.toAbsolutePath().toString()));
        conf.set("spark.jars", String.join(",", jars));
        log.info("Executors get spark.jars={}", conf.get("spark.jars"));
    }

    @Override
    public void stop() {
        SparkSession current = this.session;
        this.session = null;
        if (current != null) {
            current.stop();
            log.info("SparkSession stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return this.session != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

}
