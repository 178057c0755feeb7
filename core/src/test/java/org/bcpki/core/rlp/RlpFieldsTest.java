package org.bcpki.core.rlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;

class RlpFieldsTest {
    /** Recursion on hostile nesting would overflow the stack (web3j's decoder does, issue #17). */
    @Test
    void listsNestedDeeperThanTheLimitAreMalformed() {
        Bytes atLimit = nested(RlpFields.MAX_NESTING - 1); // the outermost list is one more level
        assertEquals(atLimit, RlpItems.encode(RlpFields.decodeItem(atLimit, "nested")));
        assertEquals(atLimit, RlpItems.encode(RlpFields.decodeList(atLimit, "nested", RlpFields::readItems)));
        Bytes tooDeep = nested(RlpFields.MAX_NESTING);
        assertThrows(MalformedDataException.class, () -> RlpFields.decodeItem(tooDeep, "nested"));
        assertThrows(MalformedDataException.class, () -> RlpFields.decodeList(tooDeep, "nested", RlpFields::readItems));
    }

    /** An empty list wrapped in {@code levels} more lists. */
    private static Bytes nested(int levels) {
        Object item = List.of();
        for (int i = 0; i < levels; i++) {
            item = List.of(item);
        }
        return RlpItems.encode(item);
    }
}
