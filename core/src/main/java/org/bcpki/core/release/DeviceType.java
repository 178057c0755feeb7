package org.bcpki.core.release;

import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A manufacturer's device model as the SoftwareRegistry stores it: 1 to 32 ASCII characters
 * ({@code A-Z a-z 0-9 . _ / -}), right-padded with zero bytes to 32, so the word reads as text on
 * chain. Device types are scoped by manufacturer and device role ({@link ReleaseMessage#typeKey()}).
 */
public record DeviceType(Bytes32 value) {
    private static final String ALLOWED = "[A-Za-z0-9._/-]{1,32}";

    public DeviceType {
        if (value == null || value.isZero()) {
            throw new IllegalArgumentException("a device type is required");
        }
        decodeName(value); // refuses words that are not the padding of an allowed name
    }

    public static DeviceType of(String name) {
        if (name == null || !name.matches(ALLOWED)) {
            throw new IllegalArgumentException("a device type is 1 to 32 characters of A-Z a-z 0-9 . _ / -, got '" + name + "'");
        }
        return new DeviceType(Bytes32.rightPad(Bytes.wrap(name.getBytes(StandardCharsets.US_ASCII))));
    }

    public String name() {
        return decodeName(value);
    }

    private static String decodeName(Bytes32 word) {
        byte[] bytes = word.toArrayUnsafe();
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        for (int i = length; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                throw new IllegalArgumentException("not a device type: a non-zero byte after the padding");
            }
        }
        String name = new String(bytes, 0, length, StandardCharsets.US_ASCII);
        if (!name.matches(ALLOWED)) {
            throw new IllegalArgumentException("not a device type: '" + name + "'");
        }
        return name;
    }

    @Override
    public String toString() {
        return name();
    }
}
