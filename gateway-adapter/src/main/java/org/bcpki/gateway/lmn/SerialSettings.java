package org.bcpki.gateway.lmn;

import com.fazecast.jSerialComm.SerialPort;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Line settings, written like {@code 9600/8N1} (baud / data bits, parity N|E|O, stop bits 1|2). */
public record SerialSettings(int baud, int dataBits, char parity, int stopBits) {
    /** What an SML meter pushes on its optical D0 port. */
    public static final SerialSettings SML_DEFAULT = new SerialSettings(9600, 8, 'N', 1);

    private static final Pattern TEXT = Pattern.compile("(\\d+)/([5-8])([NEO])([12])");

    public SerialSettings {
        if (baud < 50 || baud > 4_000_000 || dataBits < 5 || dataBits > 8 || "NEO".indexOf(parity) < 0
                || stopBits < 1 || stopBits > 2) {
            throw new IllegalArgumentException("bad serial settings " + baud + "/" + dataBits + parity + stopBits);
        }
    }

    public static SerialSettings parse(String text) {
        Matcher m = TEXT.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a serial setting like 9600/8N1");
        }
        return new SerialSettings(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3).charAt(0),
                Integer.parseInt(m.group(4)));
    }

    /** Applies the settings to a port that is not open yet. */
    public void applyTo(SerialPort port) {
        int parityCode = switch (parity) {
            case 'E' -> SerialPort.EVEN_PARITY;
            case 'O' -> SerialPort.ODD_PARITY;
            default -> SerialPort.NO_PARITY;
        };
        port.setComPortParameters(baud, dataBits, stopBits == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT,
                parityCode);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
    }

    @Override
    public String toString() {
        return baud + "/" + dataBits + parity + stopBits;
    }
}
