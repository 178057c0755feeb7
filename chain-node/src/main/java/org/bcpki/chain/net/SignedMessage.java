package org.bcpki.chain.net;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.Secp256k1;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.rlp.RlpFields;

/**
 * A peer message signed by its sender's node key: RLP [payload, signature], the signature over
 * keccak256(payload). The sender is recovered from the signature, never taken from the message.
 */
public record SignedMessage(Bytes payload, Bytes signature, Bytes senderPublicKey) {
    private static final int SIGNATURE_SIZE = 65;

    public static SignedMessage sign(NodeKey key, Bytes payload) {
        return new SignedMessage(payload, key.sign(digest(payload)), key.publicKey());
    }

    public Address sender() {
        return Address.fromPublicKey(senderPublicKey);
    }

    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeValue(payload);
            w.writeValue(signature);
        });
    }

    /**
     * Decodes and checks the signature; empty when malformed or not validly signed. Decoding is
     * strict (no trailing bytes or items, canonical RLP), so only the exact bytes the sender signed
     * and encoded are accepted.
     */
    public static Optional<SignedMessage> decode(Bytes encoded) {
        Bytes[] parts;
        try {
            parts = RlpFields.decodeList(encoded, "signed peer message", r -> {
                Bytes payload = RlpFields.readBytes(r, "payload");
                Bytes signature = RlpFields.readFixed(r, "signature", SIGNATURE_SIZE);
                RlpFields.requireComplete(r, "signed peer message");
                return new Bytes[] {payload, signature};
            });
        } catch (MalformedDataException e) {
            return Optional.empty();
        }
        return Secp256k1.recoverPublicKey(digest(parts[0]), parts[1])
                .map(pub -> new SignedMessage(parts[0], parts[1], pub));
    }

    private static Bytes32 digest(Bytes payload) {
        return Bytes32.wrap(Keccak.keccak256(payload.toArrayUnsafe()));
    }
}
