package org.bcpki.puf.serial;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bcpki.puf.PufException;
import org.bcpki.puf.PufSource;

/** The host side of the serial PUF protocol: a PUF device on a serial port as a {@link PufSource}. */
public final class SerialPufDevice implements PufSource {
    public static final long DEFAULT_TIMEOUT_MS = 2000;

    private final SerialLink link;
    private final FrameReader reader;
    private final long timeoutMs;

    private SerialPufDevice(SerialLink link, long timeoutMs) {
        this.link = link;
        this.reader = new FrameReader(link);
        this.timeoutMs = timeoutMs;
    }

    public static SerialPufDevice open(String portName, long timeoutMs) {
        return new SerialPufDevice(SerialLink.open(portName), timeoutMs);
    }

    @Override
    public synchronized byte[] read(int bytes) {
        if (bytes < 1 || bytes > PufFrame.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a read asks for 1.." + PufFrame.MAX_PAYLOAD + " bytes, got " + bytes);
        }
        PufFrame answer = exchange(PufFrame.readRequest(bytes));
        if (answer.type() != PufFrame.READ_RESPONSE) {
            throw unexpected(answer);
        }
        byte[] payload = answer.payload();
        if (payload.length != bytes) {
            throw new PufException(PufException.Kind.DEVICE_PROTOCOL,
                    "device sent " + payload.length + " bytes, " + bytes + " were requested");
        }
        return payload;
    }

    /** The device's self-description (INFO request). */
    public synchronized String info() {
        PufFrame answer = exchange(new PufFrame(PufFrame.INFO_REQUEST, new byte[0]));
        if (answer.type() != PufFrame.INFO_RESPONSE || answer.payload().length < 2) {
            throw unexpected(answer);
        }
        byte[] payload = answer.payload();
        return new String(Arrays.copyOfRange(payload, 2, payload.length), StandardCharsets.UTF_8);
    }

    private PufFrame exchange(PufFrame request) {
        link.discardInput();
        link.write(request.encode());
        PufFrame answer = reader.next(timeoutMs, timeoutMs);
        if (answer == null) {
            throw new PufException(PufException.Kind.DEVICE_TIMEOUT,
                    "PUF device on " + link.name() + " did not answer within " + timeoutMs + " ms");
        }
        return answer;
    }

    private static PufException unexpected(PufFrame answer) {
        if (answer.type() == PufFrame.ERROR && answer.payload().length >= 1) {
            byte[] payload = answer.payload();
            return new PufException(PufException.Kind.DEVICE_PROTOCOL, "device reported error " + (payload[0] & 0xFF)
                    + ": " + new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8));
        }
        return new PufException(PufException.Kind.DEVICE_PROTOCOL,
                String.format("unexpected frame type 0x%02x from the device", answer.type()));
    }

    @Override
    public void close() {
        link.close();
    }
}
