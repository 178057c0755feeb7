package org.bcpki.chain.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * A transaction receipt as it goes into the receipts trie (post-Byzantium: status instead of a
 * state root). Typed transactions' receipts are prefixed with the type byte (EIP-2718).
 */
public record Receipt(int type, boolean success, long cumulativeGasUsed, List<Log> logs, Bytes bloom) {

    public static Receipt of(int type, boolean success, long cumulativeGasUsed, List<Log> logs) {
        return new Receipt(type, success, cumulativeGasUsed, List.copyOf(logs), LogsBloom.of(logs));
    }

    public Bytes encode() {
        return encode(bloom);
    }

    /**
     * The encoding without the bloom (an empty string in its place) when the bloom is that of the
     * logs, as it always is: 256 bytes a store need not keep. {@link #decode} rebuilds it.
     */
    public Bytes encodeForStore() {
        return encode(bloom.equals(LogsBloom.of(logs)) ? Bytes.EMPTY : bloom);
    }

    private Bytes encode(Bytes bloomField) {
        Bytes body = RLP.encodeList(w -> {
            w.writeValue(success ? Bytes.of(1) : Bytes.EMPTY);
            w.writeLong(cumulativeGasUsed);
            w.writeValue(bloomField);
            w.writeList(l -> logs.forEach(log -> log.writeTo(l)));
        });
        return type == 0 ? body : Bytes.concatenate(Bytes.of(type), body);
    }

    public static Receipt decode(Bytes encoded) {
        int type = 0;
        Bytes body = encoded;
        if ((encoded.get(0) & 0xff) < 0x7f) {
            type = encoded.get(0) & 0xff;
            body = encoded.slice(1);
        }
        int receiptType = type;
        return RLP.decodeList(body, r -> {
            Bytes status = r.readValue();
            long cumulative = r.readLong();
            Bytes bloom = r.readValue();
            List<Log> logs = r.readList(l -> {
                List<Log> out = new ArrayList<>();
                while (!l.isComplete()) {
                    out.add(l.readList(e -> new Log(e.readValue(),
                            e.readListContents(t -> Bytes32.wrap(t.readValue())), e.readValue())));
                }
                return out;
            });
            return new Receipt(receiptType, status.equals(Bytes.of(1)), cumulative, List.copyOf(logs),
                    bloom.isEmpty() ? LogsBloom.of(logs) : bloom);
        });
    }
}
