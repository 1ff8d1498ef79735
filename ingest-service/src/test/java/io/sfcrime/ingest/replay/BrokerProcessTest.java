package io.sfcrime.ingest.replay;

import io.sfcrime.testkit.KafkaBrokerProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service against a Kafka broker in a process of its own, not the test JVM's
 * embedded one, so that the test can really kill it and start it again on the same data
 * and port. The context goes with the broker.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BrokerProcessTest {

    @TempDir
    static Path dir;

    static KafkaBrokerProcess broker;

    @Autowired
    private TestRestTemplate rest;

    ReplayClient replay;

    @DynamicPropertySource
    static void brokerOfItsOwn(DynamicPropertyRegistry registry) {
        broker = new KafkaBrokerProcess(dir.resolve("kafka"), Map.of()).start();
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopTheBroker() {
        broker.close();
    }

    @BeforeEach
    void client() {
        this.replay = new ReplayClient(this.rest);
    }

}
