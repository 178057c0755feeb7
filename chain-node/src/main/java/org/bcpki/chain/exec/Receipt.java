package org.bcpki.chain.exec;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
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
        Bytes body = RLP.encodeList(w -> {
            w.writeValue(success ? Bytes.of(1) : Bytes.EMPTY);
            w.writeLong(cumulativeGasUsed);
            w.writeValue(bloom);
            w.writeList(l -> logs.forEach(log -> log.writeTo(l)));
        });
        return type == 0 ? body : Bytes.concatenate(Bytes.of(type), body);
    }
}
