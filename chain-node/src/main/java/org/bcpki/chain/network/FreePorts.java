package org.bcpki.chain.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for network nodes, probed free on loopback. They are taken below Linux's ephemeral range
 * (32768+): a port written into a network's files is bound later, and an ephemeral port may by
 * then be the local end of some outgoing connection.
 *
 * <p>A port probed free can still be taken by another process before it is bound. Two builds or
 * test suites on one machine would then race for the same random port, so each port handed out is
 * also reserved machine-wide with a lock file ({@code tmpdir/bcpki-ports/PORT.lock}) that this JVM
 * holds until it exits, and a process never hands out a port another one holds. Where no lock can
 * be taken (say, a read-only tmpdir), the probe alone decides.
 */
public final class FreePorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "bcpki-ports");
    /** Lock channels kept open: the OS releases the locks when this JVM exits. */
    private static final Map<Integer, FileChannel> RESERVED = new ConcurrentHashMap<>();

    private FreePorts() {}

    public static int next() {
        return next(LOW, HIGH);
    }

    /** A port in [low, high), as {@link #next()}. */
    static int next(int low, int high) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(low, high);
            if (RESERVED.containsKey(port) || !reserve(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken by something that does not reserve: try another (this one stays reserved)
            }
        }
        throw new IllegalStateException("no free port found in " + low + ".." + (high - 1));
    }

    /** False when another process holds {@code port}'s lock. */
    static boolean reserve(int port) {
        FileChannel channel;
        try {
            Files.createDirectories(LOCKS);
            channel = FileChannel.open(LOCKS.resolve(port + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            return true; // no lock directory here: rely on the probe
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null && RESERVED.putIfAbsent(port, channel) == null) {
                return true;
            }
        } catch (IOException | OverlappingFileLockException e) {
            // held by another process, or by another thread of this one
        }
        closeQuietly(channel);
        return false;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was reserved through it
        }
    }
}
