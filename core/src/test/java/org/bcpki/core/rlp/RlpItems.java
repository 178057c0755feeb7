package org.bcpki.core.rlp;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;

/** Test helper: encodes an item tree as {@link RlpFields#decodeItem} returns it (Bytes or List of items). */
public final class RlpItems {
    private RlpItems() {}

    public static Bytes encode(Object item) {
        return RLP.encode(w -> write(w, item));
    }

    private static void write(RLPWriter writer, Object item) {
        if (item instanceof List<?> list) {
            writer.writeList(w -> list.forEach(element -> write(w, element)));
        } else {
            writer.writeValue((Bytes) item);
        }
    }
}
