package org.bcpki.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.rlp.RlpFields;
import org.bcpki.core.rlp.RlpItems;

/**
 * Generic strict RLP (every decoder in core sits on it). Properties: only
 * {@link MalformedDataException}; an accepted item re-encodes to exactly the input (RLP has one
 * encoding per value); a list is read the same through {@link RlpFields#decodeList}.
 */
class RlpItemFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void acceptedItemsHaveExactlyOneEncoding(byte[] input) {
        Bytes bytes = Bytes.wrap(input);
        Object item;
        try {
            item = RlpFields.decodeItem(bytes, "fuzz item");
        } catch (MalformedDataException expected) {
            return;
        }
        assertEquals(bytes, RlpItems.encode(item));
        if (item instanceof List<?>) {
            assertEquals(item, RlpFields.decodeList(bytes, "fuzz list", RlpFields::readItems));
        }
    }
}
