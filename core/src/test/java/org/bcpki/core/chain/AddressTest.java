package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;

class AddressTest {
    @Test
    void parsesAndPrintsLowerCaseHex() {
        Address a = Address.fromHex("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
        assertEquals("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", a.toHex());
        assertEquals(a, Address.fromHex(a.toHex()));
    }

    @Test
    void rejectsWrongLengthsAndNonHex() {
        assertThrows(MalformedDataException.class, () -> Address.fromHex("0x1234"));
        assertThrows(MalformedDataException.class, () -> Address.fromHex("0xzz5f4552091a69125d5dfcb7b8c2659029395bdf"));
        assertThrows(MalformedDataException.class, () -> new Address(Bytes.wrap(new byte[21])));
        assertThrows(MalformedDataException.class, () -> Address.fromPublicKey(Bytes.wrap(new byte[65])));
    }

    @Test
    void ordersUnsignedLexicographically() {
        Address low = Address.fromHex("0x0100000000000000000000000000000000000000");
        Address high = Address.fromHex("0x8000000000000000000000000000000000000000");
        Address higher = Address.fromHex("0xff00000000000000000000000000000000000000");
        assertTrue(low.compareTo(high) < 0);
        assertTrue(high.compareTo(higher) < 0);
        assertEquals(List.of(low, high, higher), Stream.of(higher, low, high).sorted().toList());
    }
}
