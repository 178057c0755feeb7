package org.bcpki.puf.serial;

import com.fazecast.jSerialComm.SerialPort;
import org.bcpki.puf.PufException;

/** A serial port opened through jSerialComm, 115200 8N1, with reads that wait at most a given time. */
public final class SerialLink implements ByteSource, AutoCloseable {
    /** Sleep between polls of an idle port: short against latency, long enough not to spin. */
    private static final int POLL_MS = 10;
    /** How long close() waits for written bytes to leave the port before closing it. */
    private static final long DRAIN_MS = 2000;
    /**
     * How long after the last write close() keeps the port open. Closing a pseudo-terminal hangs it
     * up, and bytes the other side (socat) has not picked up yet are lost, so a device that stops
     * right after its last answer would swallow that answer.
     */
    private static final long LINGER_MS = 500;
    private final SerialPort port;
    private final String name;
    private volatile long lastWrite;

    private SerialLink(SerialPort port, String name) {
        this.port = port;
        this.name = name;
    }

    public static SerialLink open(String portName) {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(portName);
        } catch (RuntimeException e) {
            throw new PufException(PufException.Kind.DEVICE_IO, "cannot open serial port " + portName + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(115200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        // Reads never block in native code (a blocking read on a pty was seen to hang past its
        // timeout); readSome() polls bytesAvailable() instead and sleeps between polls.
        port.setComPortTimeouts(SerialPort.TIMEOUT_NONBLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 2000);
        if (!port.openPort()) {
            throw new PufException(PufException.Kind.DEVICE_IO, "cannot open serial port " + portName
                    + " (error " + port.getLastErrorCode() + " at " + port.getLastErrorLocation() + ")");
        }
        return new SerialLink(port, portName);
    }

    @Override
    public String name() {
        return name;
    }

    public void write(byte[] data) {
        int written = 0;
        while (written < data.length) {
            int n = port.writeBytes(data, data.length - written, written);
            if (n < 0) {
                throw new PufException(PufException.Kind.DEVICE_IO, "writing to " + name + " failed");
            }
            written += n;
        }
        lastWrite = System.nanoTime();
    }

    /**
     * Reads up to {@code length} bytes that have already arrived; when none have, waits one short
     * poll interval and returns 0.
     *
     * @throws PufException DEVICE_IO when the port is gone
     */
    @Override
    public int readSome(byte[] buffer, int offset, int length) {
        int available = port.bytesAvailable();
        if (available < 0) {
            throw new PufException(PufException.Kind.DEVICE_IO, "serial port " + name + " closed or failed");
        }
        if (available == 0) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PufException(PufException.Kind.DEVICE_IO, "interrupted while reading " + name, e);
            }
            return 0;
        }
        int n = port.readBytes(buffer, Math.min(length, available), offset);
        if (n < 0) {
            throw new PufException(PufException.Kind.DEVICE_IO, "serial port " + name + " closed or failed");
        }
        return n;
    }

    /** Discards whatever is waiting, so a late or garbled answer cannot be taken for the next one. */
    public void discardInput() {
        byte[] sink = new byte[256];
        while (port.bytesAvailable() > 0) {
            if (port.readBytes(sink, sink.length) <= 0) {
                return;
            }
        }
    }

    /**
     * Closes the port once everything written has left it: closing discards output still queued,
     * which would silently drop a device's last answer.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + DRAIN_MS * 1_000_000;
        long lingerUntil = lastWrite == 0 ? 0 : lastWrite + LINGER_MS * 1_000_000;
        while (System.nanoTime() < deadline
                && (port.bytesAwaitingWrite() > 0 || System.nanoTime() < lingerUntil)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        port.closePort();
    }
}
