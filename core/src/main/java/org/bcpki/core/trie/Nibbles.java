package org.bcpki.core.trie;

import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;

/** Key paths as nibble arrays, and the hex-prefix encoding of paths in leaf and extension nodes. */
final class Nibbles {
    private Nibbles() {}

    static byte[] of(Bytes key) {
        byte[] nibbles = new byte[key.size() * 2];
        for (int i = 0; i < key.size(); i++) {
            nibbles[2 * i] = (byte) ((key.get(i) >> 4) & 0x0f);
            nibbles[2 * i + 1] = (byte) (key.get(i) & 0x0f);
        }
        return nibbles;
    }

    /** Hex-prefix encoding: flag nibble (2 = leaf, +1 = odd length), padding nibble when even. */
    static Bytes hexPrefix(byte[] path, boolean leaf) {
        boolean odd = path.length % 2 == 1;
        byte[] out = new byte[path.length / 2 + 1];
        int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
        int nibble = 0;
        if (odd) {
            out[0] = (byte) ((flag << 4) | path[0]);
            nibble = 1;
        } else {
            out[0] = (byte) (flag << 4);
        }
        for (int i = 1; i < out.length; i++, nibble += 2) {
            out[i] = (byte) ((path[nibble] << 4) | path[nibble + 1]);
        }
        return Bytes.wrap(out);
    }

    /** Decodes a hex-prefix path; the returned {@link Path} says whether it ends a leaf. */
    static Path decodeHexPrefix(Bytes encoded) {
        if (encoded.isEmpty()) {
            throw new MalformedDataException("empty hex-prefix path");
        }
        int flag = (encoded.get(0) >> 4) & 0x0f;
        if (flag > 3) {
            throw new MalformedDataException("hex-prefix flag " + flag + " is not 0..3");
        }
        boolean odd = (flag & 1) == 1;
        if (!odd && (encoded.get(0) & 0x0f) != 0) {
            throw new MalformedDataException("hex-prefix padding nibble is not zero");
        }
        byte[] all = of(encoded);
        int skip = odd ? 1 : 2;
        byte[] path = new byte[all.length - skip];
        System.arraycopy(all, skip, path, 0, path.length);
        return new Path(path, flag >= 2);
    }

    static int commonPrefix(byte[] a, int aFrom, byte[] b) {
        int n = 0;
        while (aFrom + n < a.length && n < b.length && a[aFrom + n] == b[n]) {
            n++;
        }
        return n;
    }

    record Path(byte[] nibbles, boolean leaf) {}
}
