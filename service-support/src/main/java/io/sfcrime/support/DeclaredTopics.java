package io.sfcrime.support;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates a topic the service declares when the broker lacks it, as Boot's
 * {@link KafkaAdmin} does for the declared {@link NewTopic} beans only while the context
 * starts. A service started before its broker (or running while a broker's data is wiped)
 * would otherwise leave its topics to the broker's auto-creation, with the broker's
 * partition count and record limit, or to nobody when auto-creation is off. Nothing is
 * created when {@code spring.kafka.admin.auto-create} is false; an existing topic gets
 * only what {@code KafkaAdmin} gives it at start-up (missing partitions added, its
 * configuration left as it is).
 */
public class DeclaredTopics {

    private final KafkaAdmin admin;

    private final boolean autoCreate;

    DeclaredTopics(KafkaAdmin admin, boolean autoCreate) {
        this.admin = admin;
        this.autoCreate = autoCreate;
    }

    /**
     * Makes sure the broker has the topic, within the admin's operation timeout.
     * @throws org.springframework.kafka.KafkaException if the broker did not answer or
     * refused
     */
    public void createIfMissing(NewTopic topic) {
        if (this.autoCreate) {
            this.admin.createOrModifyTopics(topic);
        }
    }

}
