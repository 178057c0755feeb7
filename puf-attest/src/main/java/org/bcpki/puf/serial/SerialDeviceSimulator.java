package org.bcpki.puf.serial;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bcpki.puf.PufException;
import org.bcpki.puf.PufSource;

/**
 * The device side of the serial PUF protocol: answers requests on a serial port from a
 * {@link PufSource} (the SRAM simulator). Bad requests get an ERROR frame and the device keeps
 * serving; it stops when {@link #stop()} is called, after {@code maxRequests}, or when the port goes away.
 */
public final class SerialDeviceSimulator implements AutoCloseable {
    private static final long POLL_MS = 200;
    private static final long FRAME_MS = 5000;

    private final SerialLink link;
    private final PufSource puf;
    private final String description;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong served = new AtomicLong();
    private volatile java.util.function.Consumer<String> log = message -> { };

    public SerialDeviceSimulator(SerialLink link, PufSource puf, String description) {
        this.link = link;
        this.puf = puf;
        this.description = description;
    }

    public static SerialDeviceSimulator open(String portName, PufSource puf, String description) {
        return new SerialDeviceSimulator(SerialLink.open(portName), puf, description);
    }

    /**
     * Serves until stopped; returns the number of requests answered.
     *
     * @param maxRequests stop after this many requests (0 = no limit)
     */
    public long serve(long maxRequests) {
        FrameReader reader = new FrameReader(link);
        while (running.get() && (maxRequests == 0 || served.get() < maxRequests)) {
            PufFrame request;
            try {
                request = reader.next(POLL_MS, FRAME_MS);
            } catch (PufException e) {
                if (e.kind() == PufException.Kind.DEVICE_IO) {
                    break; // the host side went away
                }
                log.accept("rejected a request: " + e.getMessage());
                link.discardInput();
                link.write(PufFrame.error(e.getMessage().startsWith("bad checksum")
                        ? PufFrame.ERROR_BAD_CHECKSUM : PufFrame.ERROR_BAD_REQUEST, e.getMessage()).encode());
                served.incrementAndGet();
                continue;
            }
            if (request != null) {
                PufFrame answer = answer(request);
                if (answer.type() == PufFrame.ERROR) {
                    log.accept("rejected a request: " + new String(answer.payload(), 1, answer.payload().length - 1,
                            java.nio.charset.StandardCharsets.UTF_8));
                }
                link.write(answer.encode());
                served.incrementAndGet();
            }
        }
        return served.get();
    }

    /** Where to report rejected requests (the CLI prints them on stderr). */
    public void onRejected(java.util.function.Consumer<String> log) {
        this.log = log;
    }

    public long served() {
        return served.get();
    }

    PufFrame answer(PufFrame request) {
        byte[] payload = request.payload();
        switch (request.type()) {
            case PufFrame.READ_REQUEST -> {
                if (payload.length != 2) {
                    return PufFrame.error(PufFrame.ERROR_BAD_REQUEST, "a read request carries a uint16 length");
                }
                int bytes = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
                if (bytes < 1 || bytes > PufFrame.MAX_PAYLOAD) {
                    return PufFrame.error(PufFrame.ERROR_TOO_LONG, "can read 1.." + PufFrame.MAX_PAYLOAD + " bytes, not " + bytes);
                }
                return new PufFrame(PufFrame.READ_RESPONSE, puf.read(bytes));
            }
            case PufFrame.INFO_REQUEST -> {
                byte[] text = description.getBytes(StandardCharsets.UTF_8);
                byte[] info = new byte[2 + text.length];
                info[0] = (byte) (PufFrame.MAX_PAYLOAD >>> 8);
                info[1] = (byte) PufFrame.MAX_PAYLOAD;
                System.arraycopy(text, 0, info, 2, text.length);
                return new PufFrame(PufFrame.INFO_RESPONSE, info);
            }
            default -> {
                return PufFrame.error(PufFrame.ERROR_BAD_REQUEST,
                        String.format("unknown request type 0x%02x", request.type()));
            }
        }
    }

    public void stop() {
        running.set(false);
    }

    @Override
    public void close() {
        stop();
        link.close();
    }
}
