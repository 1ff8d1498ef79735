package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.testkit.KafkaBrokerProcess;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.TopicContents;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker the fault tests stop and start: what it acknowledged is still there after a
 * SIGKILL and a restart.
 */
class KafkaBrokerProcessTest {

    @TempDir
    Path dir;

    @Test
    void keepsAcknowledgedRecordsAcrossAKillAndARestart() {
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(this.dir, Map.of()).start()) {
            broker.createTopic("t", 3, Map.of());
            try (PlainProducer producer = new PlainProducer(broker.bootstrapServers())) {
                for (int i = 0; i < 100; i++) {
                    producer.send("t", PlainProducer.bytes("k" + i), PlainProducer.bytes("v" + i));
                }
            }
            broker.kill();
            assertThat(broker.isAlive()).isFalse();
            broker.start();
            assertThat(TopicContents.count(broker.bootstrapServers(), "t")).isEqualTo(100);
        }
    }

}
