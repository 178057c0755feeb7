package org.bcpki.chain.exec;

import java.util.Collection;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.crypto.Keccak;

/** The 2048-bit Ethereum logs bloom (yellow paper M3:2048). */
public final class LogsBloom {
    public static final int BYTES = 256;
    public static final Bytes EMPTY = Bytes.wrap(new byte[BYTES]);

    private LogsBloom() {}

    public static Bytes of(Collection<Log> logs) {
        byte[] bloom = new byte[BYTES];
        for (Log log : logs) {
            add(bloom, log.address());
            log.topics().forEach(topic -> add(bloom, topic));
        }
        return Bytes.wrap(bloom);
    }

    /** The union of several blooms (a block's bloom is the OR of its receipts' blooms). */
    public static Bytes union(Collection<Bytes> blooms) {
        byte[] result = new byte[BYTES];
        for (Bytes bloom : blooms) {
            for (int i = 0; i < BYTES; i++) {
                result[i] |= bloom.get(i);
            }
        }
        return Bytes.wrap(result);
    }

    private static void add(byte[] bloom, Bytes value) {
        byte[] hash = Keccak.keccak256(value.toArrayUnsafe());
        for (int i = 0; i < 6; i += 2) {
            int bit = ((hash[i] & 0xff) << 8 | (hash[i + 1] & 0xff)) & 2047;
            bloom[BYTES - 1 - bit / 8] |= (byte) (1 << (bit % 8));
        }
    }
}
