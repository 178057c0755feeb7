package org.bcpki.chain.exec;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLPWriter;

/** One EVM log entry. */
public record Log(Bytes address, List<Bytes32> topics, Bytes data) {
    void writeTo(RLPWriter writer) {
        writer.writeList(w -> {
            w.writeValue(address);
            w.writeList(t -> topics.forEach(t::writeValue));
            w.writeValue(data);
        });
    }
}
