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

    /**
     * The items of the RLP list {@code encodedList}, each as its whole encoding (prefix included), so
     * nested lists and strings can be told apart and decoded by their own codecs.
     *
     * @throws IllegalArgumentException when it is not exactly one well-formed list
     */
    public static List<Bytes> items(Bytes encodedList) {
        long[] list = item(encodedList, 0);
        if (!isList(encodedList, 0) || list[0] + list[1] != encodedList.size()) {
            throw new IllegalArgumentException("not exactly one RLP list");
        }
        List<Bytes> out = new ArrayList<>();
        int at = (int) list[0];
        while (at < encodedList.size()) {
            long[] next = item(encodedList, at);
            int end = Math.toIntExact(next[0] + next[1]);
            if (end > encodedList.size()) {
                throw new IllegalArgumentException("RLP item runs past its list");
            }
            out.add(encodedList.slice(at, end - at));
            at = end;
        }
        return out;
    }

    private static boolean isList(Bytes rlp, int at) {
        return (rlp.get(at) & 0xff) >= 0xc0;
    }

    /** {offset of the payload, payload length} of the item at {@code at}. */
    private static long[] item(Bytes rlp, int at) {
        if (at >= rlp.size()) {
            throw new IllegalArgumentException("empty RLP item");
        }
        int prefix = rlp.get(at) & 0xff;
        if (prefix < 0x80) {
            return new long[] {at, 1};
        }
        int shortBase = prefix < 0xc0 ? 0x80 : 0xc0;
        int shortMax = shortBase + 55;
        if (prefix <= shortMax) {
            return new long[] {at + 1, prefix - shortBase};
        }
        int lengthBytes = prefix - shortMax;
        if (at + 1 + lengthBytes > rlp.size() || rlp.get(at + 1) == 0) {
            throw new IllegalArgumentException("malformed RLP length");
        }
        long length = rlp.slice(at + 1, lengthBytes).toUnsignedBigInteger().longValueExact();
        if (length <= 55 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("malformed RLP length");
        }
        return new long[] {at + 1 + lengthBytes, length};
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
