package io.sfcrime.testkit;

/**
 * A node's place in a KRaft quorum, as its configuration names it: every node of one
 * cluster has the same voters and cluster id.
 *
 * @param id its {@code node.id}
 * @param port its client listener on 127.0.0.1
 * @param controllerPort its controller listener on 127.0.0.1
 * @param voters {@code controller.quorum.voters}, {@code id@host:port} of every
 * controller
 * @param clusterId the id its storage is formatted with
 */
record KraftNode(int id, int port, int controllerPort, String voters, String clusterId) {

    /** The one node of a single-node cluster: its own controller, a fresh cluster id. */
    static KraftNode single() {
        int controllerPort = FreePorts.one();
        return new KraftNode(1, FreePorts.one(), controllerPort, "1@127.0.0.1:" + controllerPort,
                KafkaBrokerProcess.newClusterId());
    }

}
