package org.bcpki.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void padsStorageWordsTo32BytesHoweverTheyAreSpelled() {
        Bytes32 word = Bytes32.fromHexString("0x0000000000000000000000000000000000000000000000000000000000000347");
        for (String spelling : new String[] {"0x347", "0x0347", "0x" + "0".repeat(61) + "347", "0x0000347"}) {
            assertEquals(word, Hex.storageWord(spelling, "key"), spelling);
        }
        assertEquals(Bytes32.ZERO, Hex.storageWord("0x0", "key"));
        assertThrows(MalformedDataException.class, () -> Hex.storageWord("0x", "key"));
        assertThrows(MalformedDataException.class, () -> Hex.storageWord("0x1" + "0".repeat(64), "key"));
    }

    @Test
    void quantitiesAreCanonical() {
        assertEquals(BigInteger.ZERO, Hex.quantity("0x0", 64, "q"));
        assertEquals(BigInteger.valueOf(255), Hex.quantity("0xff", 64, "q"));
        assertEquals(Long.MAX_VALUE, Hex.quantityLong("0x7fffffffffffffff", "q"));
        assertEquals(BigInteger.TWO.pow(256).subtract(BigInteger.ONE), Hex.quantity("0x" + "f".repeat(64), 256, "q"));
    }

    @Test
    void aQuantityWithLeadingZerosIsRejected() {
        // finding (issue #17): accepted before; the JSON-RPC specification allows 0x0 and no other leading zero
        for (String quantity : new String[] {"0x00", "0x00ff", "0x01", "0x" + "0".repeat(16) + "1"}) {
            MalformedDataException e = assertThrows(MalformedDataException.class, () -> Hex.quantity(quantity, 256, "q"));
            assertTrue(e.getMessage().contains("leading zeros"), e.getMessage());
        }
    }

    @Test
    void aQuantityInUppercaseOrWithA0XPrefixIsRejected() {
        // finding (issue #17): accepted before; canonical quantities are lowercase with the prefix 0x
        assertThrows(MalformedDataException.class, () -> Hex.quantity("0xFF", 64, "q"));
        assertThrows(MalformedDataException.class, () -> Hex.quantity("0X1", 64, "q"));
        assertThrows(MalformedDataException.class, () -> Hex.data("0X00", 10, "d"));
    }

    @Test
    void hexWithNonAsciiDigitsIsRejected() {
        // finding (issue #17): Character.digit took Arabic-Indic (U+0661) and fullwidth (U+FF11) digits as hex
        assertThrows(MalformedDataException.class, () -> Hex.quantity("0x\u0661", 64, "q"));
        assertThrows(MalformedDataException.class, () -> Hex.quantityLong("0x\uff11\uff10", "q"));
        assertThrows(MalformedDataException.class, () -> Hex.data("0x\u0661\u0660", 10, "d"));
        assertThrows(MalformedDataException.class, () -> Hex.storageWord("0x\uff41", "key"));
    }

    @Test
    void dataMayUseEitherCase() {
        assertEquals(Bytes.fromHexString("0xabcd"), Hex.data("0xABcd", 10, "d"));
    }

    @Test
    void rejectsMalformedHex() {
        assertThrows(MalformedDataException.class, () -> Hex.data("0x123", 10, "d"));
        assertThrows(MalformedDataException.class, () -> Hex.data("12", 10, "d"));
        assertThrows(MalformedDataException.class, () -> Hex.data("0xzz", 10, "d"));
        assertThrows(MalformedDataException.class, () -> Hex.data("0x" + "00".repeat(11), 10, "d"));
        assertThrows(MalformedDataException.class, () -> Hex.quantity("0x", 64, "q"));
        assertThrows(MalformedDataException.class, () -> Hex.quantity("0x1" + "0".repeat(64), 256, "q"));
        assertThrows(MalformedDataException.class, () -> Hex.quantityLong("0x8000000000000000", "q"));
        assertThrows(MalformedDataException.class, () -> Hex.bytes32("0x00", "h"));
        assertThrows(MalformedDataException.class, () -> Hex.quantity("0x-1", 64, "q"));
    }
}
