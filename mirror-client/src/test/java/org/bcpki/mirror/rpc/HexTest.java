package org.bcpki.mirror.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void padsMinimalQuantitiesTo32Bytes() {
        assertEquals(Bytes32.fromHexString("0x0000000000000000000000000000000000000000000000000000000000000347"),
                Hex.quantity32("0x347", "key"));
        assertEquals(Bytes32.ZERO, Hex.quantity32("0x0", "key"));
        assertEquals(BigInteger.valueOf(255), Hex.quantity("0x00ff", 64, "q"));
    }

    @Test
    void rejectsMalformedHex() {
        assertThrows(IllegalArgumentException.class, () -> Hex.data("0x123", 10, "d"));
        assertThrows(IllegalArgumentException.class, () -> Hex.data("12", 10, "d"));
        assertThrows(IllegalArgumentException.class, () -> Hex.data("0xzz", 10, "d"));
        assertThrows(IllegalArgumentException.class, () -> Hex.data("0x" + "00".repeat(11), 10, "d"));
        assertThrows(IllegalArgumentException.class, () -> Hex.quantity("0x", 64, "q"));
        assertThrows(IllegalArgumentException.class, () -> Hex.quantity("0x1" + "0".repeat(64), 256, "q"));
        assertThrows(IllegalArgumentException.class, () -> Hex.quantityLong("0x8000000000000000", "q"));
        assertThrows(IllegalArgumentException.class, () -> Hex.bytes32("0x00", "h"));
        assertThrows(IllegalArgumentException.class, () -> Hex.quantity("0x-1", 64, "q"));
    }
}
