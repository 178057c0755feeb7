package org.bcpki.chain.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.rlp.RlpFields;

/** Test helper for hand-made encodings: the raw items of an RLP list, and a list of raw items. */
public final class RawRlp {
    private RawRlp() {}

    /** Each item of the top-level list, as its own encoding. */
    public static List<Bytes> items(Bytes encodedList) {
        List<int[]> spans = RlpFields.decodeList(encodedList, "test list", r -> {
            List<int[]> out = new ArrayList<>();
            while (!r.isComplete()) {
                int start = r.position();
                r.skipNext();
                out.add(new int[] {start, r.position()});
            }
            return out;
        });
        int payloadStart = encodedList.size() - (spans.isEmpty() ? 0 : spans.get(spans.size() - 1)[1]);
        return spans.stream().map(s -> encodedList.slice(payloadStart + s[0], s[1] - s[0])).toList();
    }

    public static Bytes list(List<Bytes> rawItems) {
        return RLP.encodeList(w -> rawItems.forEach(w::writeRLP));
    }

    /** {@code encodedList} with item {@code index} replaced by {@code rawItem}. */
    public static Bytes withItem(Bytes encodedList, int index, Bytes rawItem) {
        List<Bytes> items = new ArrayList<>(items(encodedList));
        items.set(index, rawItem);
        return list(items);
    }

    /** {@code encodedList} with {@code rawItem} appended as one more item. */
    public static Bytes withExtraItem(Bytes encodedList, Bytes rawItem) {
        List<Bytes> items = new ArrayList<>(items(encodedList));
        items.add(rawItem);
        return list(items);
    }
}
