package io.sfcrime.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free on 127.0.0.1 at the moment of asking. {@link #one()} never answers the same
 * port twice in a JVM: the kernel may hand a closed probe's port out again, and a test
 * that asks for a Worker's UI port and then its RPC port would otherwise get one port for
 * both, the second server moving to the next port behind the test's back.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int one() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        throw new IllegalStateException("No free port not already handed out in 100 tries");
    }

    /** The first of {@code count} consecutive free ports, below the ephemeral range. */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("No " + count + " consecutive free ports between 20000 and 30000");
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            }
            catch (IOException ex) {
                return false;
            }
        }
        return true;
    }

}
