package org.bcpki.chain.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for network nodes, probed free on loopback. They are taken below Linux's ephemeral range
 * (32768+): a port written into a network's files is bound later, and an ephemeral port may by
 * then be the local end of some outgoing connection.
 */
public final class FreePorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;

    private FreePorts() {}

    public static int next() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port found in " + LOW + ".." + HIGH);
    }
}
