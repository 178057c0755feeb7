package org.bcpki.chain.block;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.rlp.RlpFields;

/** RLP lists of byte strings, the shape most peer messages use. */
public final class RlpLists {
    private RlpLists() {}

    public static Bytes encode(List<Bytes> values) {
        return RLP.encodeList(w -> values.forEach(w::writeValue));
    }

    /** @throws org.bcpki.core.MalformedDataException unless the input is exactly one list of byte strings */
    public static List<Bytes> decode(Bytes encodedList) {
        return RlpFields.decodeList(encodedList, "list of byte strings", r -> {
            List<Bytes> out = new ArrayList<>();
            while (!r.isComplete()) {
                out.add(RlpFields.readBytes(r, "list item"));
            }
            return out;
        });
    }
}
