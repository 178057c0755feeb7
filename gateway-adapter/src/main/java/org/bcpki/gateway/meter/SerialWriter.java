package org.bcpki.gateway.meter;

import com.fazecast.jSerialComm.SerialPort;
import java.util.function.Consumer;
import org.bcpki.gateway.lmn.SerialSettings;

/** The meter's side of the line: writes whole chunks to a serial port opened with jSerialComm. */
public final class SerialWriter implements Consumer<byte[]>, AutoCloseable {
    private final SerialPort port;

    private SerialWriter(SerialPort port) {
        this.port = port;
    }

    public static SerialWriter open(String path, SerialSettings settings) {
        SerialPort port = SerialPort.getCommPort(path);
        settings.applyTo(port);
        port.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 5000);
        if (!port.openPort()) {
            throw new IllegalArgumentException("cannot open serial port " + path);
        }
        return new SerialWriter(port);
    }

    @Override
    public void accept(byte[] bytes) {
        int written = 0;
        while (written < bytes.length) {
            int n = port.writeBytes(bytes, bytes.length - written, written);
            if (n <= 0) {
                throw new IllegalStateException("writing to " + port.getSystemPortPath() + " failed");
            }
            written += n;
        }
    }

    /** Waits (up to 10 s) until the line has taken every written byte, then closes the port. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
            while (port.bytesAwaitingWrite() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(50); // closing can discard what the driver still holds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            port.closePort();
        }
    }
}
