package org.bcpki.chain.net;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.rlp.RlpFields;

/** The payload a {@link SignedMessage} between peers carries: RLP [kind, body]. */
public record PeerPayload(PeerMessageKind kind, Bytes body) {
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(kind.code);
            w.writeValue(body);
        });
    }

    /** @throws MalformedDataException unless {@code payload} is exactly an encoded payload of a known kind */
    public static PeerPayload decode(Bytes payload) {
        return RlpFields.decodeList(payload, "peer payload", r -> {
            long code = RlpFields.readLongScalar(r, "peer message kind");
            Bytes body = RlpFields.readBytes(r, "peer message body");
            RlpFields.requireComplete(r, "peer payload");
            return new PeerPayload(PeerMessageKind.of((int) Math.min(code, Integer.MAX_VALUE)), body);
        });
    }
}
