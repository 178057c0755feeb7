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

    @Override
    public void close() {
        port.closePort();
    }
}
