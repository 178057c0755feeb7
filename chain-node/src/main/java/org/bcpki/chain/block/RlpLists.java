package org.bcpki.chain.block;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;

/** RLP lists of byte strings, the shape most peer messages use. */
public final class RlpLists {
    private RlpLists() {}

    public static Bytes encode(List<Bytes> values) {
        return RLP.encodeList(w -> values.forEach(w::writeValue));
    }

    public static List<Bytes> decode(Bytes encodedList) {
        return RLP.decodeList(encodedList, r -> {
            List<Bytes> out = new ArrayList<>();
            while (!r.isComplete()) {
                out.add(r.readValue());
            }
            return out;
        });
    }
}
