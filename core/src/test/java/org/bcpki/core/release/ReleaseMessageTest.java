package org.bcpki.core.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.Test;

class ReleaseMessageTest {
    static final Address REGISTRY = Address.fromHex("0x00000000000000000000000000000000000000aa");
    static final SubjectId ACME = SubjectId.parse("ACME-Metering-GmbH");

    static ReleaseMessage message(long version) {
        return new ReleaseMessage(1337, REGISTRY, ACME, Role.METER, DeviceType.of("E350"), version, 4096,
                Bytes32.repeat((byte) 0x11), Bytes32.repeat((byte) 0x22));
    }

    @Test
    void manufacturerBytesAreTheDocumentedFixedWidthFields() {
        byte[] bytes = message(7).manufacturerBytes();
        assertEquals(190, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] domain = new byte[16];
        b.get(domain);
        assertEquals("bcpki-release-v1", new String(domain, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(ReleaseMessage.PURPOSE_MANUFACTURER, b.get());
        assertEquals(1337, b.getLong());
        assertArrayEquals(REGISTRY.value().toArrayUnsafe(), take(b, 20));
        assertArrayEquals(ACME.bytes(), take(b, 32));
        assertEquals(Role.METER.code(), b.get());
        assertEquals("E350", DeviceType.of("E350").name());
        assertArrayEquals(Bytes32.rightPad(Bytes.wrap("E350".getBytes())).toArrayUnsafe(), take(b, 32));
        assertEquals(7, b.getLong());
        assertEquals(4096, b.getLong());
        assertArrayEquals(Bytes32.repeat((byte) 0x11).toArrayUnsafe(), take(b, 32));
        assertArrayEquals(Bytes32.repeat((byte) 0x22).toArrayUnsafe(), take(b, 32));
        assertEquals(0, b.remaining());
    }

    @Test
    void approvalsAreDomainSeparatedFromReleasesAndBindTheManufacturerSignature() {
        ReleaseMessage m = message(7);
        byte[] approval = m.approvalBytes(Bytes32.repeat((byte) 0x33));
        assertEquals(222, approval.length);
        assertEquals(ReleaseMessage.PURPOSE_APPROVAL, approval[16]);
        assertArrayEquals(Arrays.copyOfRange(m.manufacturerBytes(), 17, 190), Arrays.copyOfRange(approval, 17, 190));
        assertNotEquals(Bytes.wrap(approval), Bytes.wrap(m.approvalBytes(Bytes32.repeat((byte) 0x34))));
    }

    @Test
    void theReleaseIdBindsVersionAndSignature() {
        Bytes32 signature = Bytes32.repeat((byte) 0x44);
        assertEquals(message(7).releaseId(signature), message(7).releaseId(signature));
        assertNotEquals(message(7).releaseId(signature), message(8).releaseId(signature));
        assertNotEquals(message(7).releaseId(signature), message(7).releaseId(Bytes32.repeat((byte) 0x45)));
    }

    @Test
    void badFieldsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> message(0));
        assertThrows(IllegalArgumentException.class, () -> new ReleaseMessage(1337, REGISTRY, ACME, Role.MANUFACTURER,
                DeviceType.of("E350"), 1, 1, Bytes32.repeat((byte) 1), Bytes32.repeat((byte) 1)));
        assertThrows(IllegalArgumentException.class, () -> new ReleaseMessage(1337, REGISTRY, ACME, Role.METER,
                DeviceType.of("E350"), 1, 1, Bytes32.ZERO, Bytes32.repeat((byte) 1)));
        assertThrows(IllegalArgumentException.class, () -> DeviceType.of("with space"));
        assertThrows(IllegalArgumentException.class, () -> DeviceType.of("x".repeat(33)));
        assertThrows(IllegalArgumentException.class, () -> new DeviceType(Bytes32.fromHexString(
                "0x4500000000000000000000000000000000000000000000000000000000000001")), "bytes after the padding");
    }

    private static byte[] take(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
