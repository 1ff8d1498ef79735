package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.testkit.KafkaBrokerProcess;
import io.sfcrime.testkit.KafkaCluster;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.TopicContents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three-node cluster the replication fault test runs on: one quorum, a topic of
 * replication factor 3 fully in sync on all three, and the two left serving it after one
 * node is killed.
 */
class KafkaClusterTest {

    @TempDir
    Path dir;

    @Test
    void threeNodesReplicateATopicAndTwoServeItAfterOneIsKilled() throws Exception {
        try (KafkaCluster cluster = new KafkaCluster(this.dir, 3, Map.of()).start()) {
            try (Admin admin = Admin
                .create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::id)
                    .containsExactlyInAnyOrder(1, 2, 3);
                create(admin, new NewTopic("t", 3, (short) 3).configs(Map.of("min.insync.replicas", "2")));
            }
            // Until a node has the new topic's metadata it says it does not know it.
            await().atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(IllegalStateException.class)
                .untilAsserted(() -> assertThat(cluster.describe("t").partitions())
                    .allSatisfy(p -> assertThat(ids(p.isr())).containsExactlyInAnyOrder(1, 2, 3)));
            assertThat(cluster.topicConfig("t", "min.insync.replicas")).isEqualTo("2");
            send(cluster, 0, 100);

            KafkaBrokerProcess leader = cluster.leaderOf("t", 0);
            leader.kill();
            assertThat(cluster.alive()).hasSize(2).doesNotContain(leader);
            await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(cluster.describe("t").partitions()).allSatisfy(p -> {
                    assertThat(p.leader().id()).isNotEqualTo(leader.nodeId());
                    assertThat(ids(p.isr())).hasSize(2).doesNotContain(leader.nodeId());
                }));
            // acks=all with two in-sync replicas left: still acknowledged, by both.
            send(cluster, 100, 200);
            assertThat(TopicContents.count(cluster.bootstrapServers(), "t")).isEqualTo(200);
        }
    }

    private static void send(KafkaCluster cluster, int from, int to) {
        try (PlainProducer producer = new PlainProducer(cluster.bootstrapServers())) {
            for (int i = from; i < to; i++) {
                producer.send("t", PlainProducer.bytes("k" + i), PlainProducer.bytes("v" + i));
            }
        }
    }

    private static void create(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException {
        admin.createTopics(List.of(topic)).all().get();
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

}
