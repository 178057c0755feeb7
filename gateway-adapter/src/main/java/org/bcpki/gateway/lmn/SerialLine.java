package org.bcpki.gateway.lmn;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.bcpki.gateway.sml.FrameEvent;
import org.bcpki.gateway.sml.SmlFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One meter line: a single reader thread that opens the port with jSerialComm, feeds what it reads
 * into its own SML frame decoder and hands every frame event to the consumer. When the port goes
 * away (read error, device gone) it reports the frame in flight as truncated, closes the port and
 * keeps trying to reopen the same path, so a replugged meter or a restarted line comes back.
 */
public final class SerialLine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialLine.class);
    private static final int READ_TIMEOUT_MS = 100;

    private final String path;
    private final SerialSettings settings;
    private final int maxFrameBytes;
    private final Duration idleTimeout;
    private final BiConsumer<String, FrameEvent> consumer;
    private final Thread reader;
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile SerialPort port;

    private SerialLine(String path, SerialSettings settings, int maxFrameBytes, Duration idleTimeout,
            BiConsumer<String, FrameEvent> consumer) {
        this.path = path;
        this.settings = settings;
        this.maxFrameBytes = maxFrameBytes;
        this.idleTimeout = idleTimeout;
        this.consumer = consumer;
        this.reader = Thread.ofPlatform().daemon().name("lmn-" + path).unstarted(this::run);
    }

    /** Starts reading {@code path}; the line keeps (re)connecting until closed. */
    public static SerialLine start(String path, SerialSettings settings, int maxFrameBytes, Duration idleTimeout,
            BiConsumer<String, FrameEvent> consumer) {
        SerialLine line = new SerialLine(path, settings, maxFrameBytes, idleTimeout, consumer);
        line.reader.start();
        return line;
    }

    public String path() {
        return path;
    }

    public boolean connected() {
        return connected;
    }

    /** How many times the port was opened (1 + reconnections). */
    public long connects() {
        return connects.get();
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    private void run() {
        long backoffMs = 100;
        while (running) {
            SerialPort opened = open();
            if (opened == null) {
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 2000);
                continue;
            }
            backoffMs = 100;
            port = opened;
            connected = true;
            connects.incrementAndGet();
            LOG.info("LMN line {} open ({})", path, settings);
            try {
                readUntilDisconnected(opened);
            } finally {
                connected = false;
                opened.closePort();
                port = null;
            }
            if (running) {
                LOG.warn("LMN line {} disconnected; reconnecting", path);
            }
        }
    }

    private SerialPort open() {
        if (!Files.exists(Path.of(path))) {
            return null;
        }
        try {
            SerialPort candidate = SerialPort.getCommPort(path);
            settings.applyTo(candidate);
            candidate.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MS, 0);
            return candidate.openPort() ? candidate : null;
        } catch (RuntimeException e) {
            LOG.debug("cannot open {}: {}", path, e.toString());
            return null;
        }
    }

    private void readUntilDisconnected(SerialPort serial) {
        SmlFrameDecoder decoder = new SmlFrameDecoder(maxFrameBytes);
        byte[] buffer = new byte[4096];
        long quietSince = System.nanoTime();
        boolean pending = false;
        while (running) {
            int n = serial.readBytes(buffer, buffer.length);
            if (n < 0 || !Files.exists(Path.of(path))) {
                deliver(decoder.idle());
                return;
            }
            if (n == 0) {
                if (pending && System.nanoTime() - quietSince > idleTimeout.toNanos()) {
                    deliver(decoder.idle());
                    pending = false;
                }
                continue;
            }
            bytesRead.addAndGet(n);
            quietSince = System.nanoTime();
            pending = true;
            deliver(decoder.feed(buffer, 0, n));
        }
    }

    private void deliver(List<FrameEvent> events) {
        for (FrameEvent event : events) {
            try {
                consumer.accept(path, event);
            } catch (RuntimeException e) {
                // The line must keep reading whatever one decision did; the failure is logged.
                LOG.error("handling a frame from {} failed", path, e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        SerialPort current = port;
        if (current != null) {
            current.closePort();
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
