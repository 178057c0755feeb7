package org.bcpki.chain.net;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.Secp256k1;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.rlp.RlpFields;

/**
 * The signed request header that lets a node decide who is talking before it reads a body:
 * RLP [timestamp millis, nonce, recipient, body length, keccak256(body), signature], signed by
 * the sender's node key over everything before the signature. The recipient stops replays to
 * other nodes, timestamp and nonce stop replays to the same node, length and hash bind the body.
 */
public record PeerAuth(long timestampMillis, Bytes nonce, Address recipient, long bodyLength, Bytes32 bodyHash,
        Bytes senderPublicKey) {
    public static final String HEADER = "X-Bcpki-Peer-Auth";
    private static final int NONCE_BYTES = 16;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The header value for sending {@code body} to {@code recipient} now. */
    public static String sign(NodeKey key, Address recipient, Bytes body) {
        return sign(key, recipient, body.size(), hash(body));
    }

    /** The header value for a body of {@code bodyLength} bytes hashing to {@code bodyHash}. */
    public static String sign(NodeKey key, Address recipient, long bodyLength, Bytes32 bodyHash) {
        Bytes nonce = Bytes.random(NONCE_BYTES, RANDOM);
        long now = System.currentTimeMillis();
        Bytes signature = key.sign(digest(now, nonce, recipient, bodyLength, bodyHash));
        return RLP.encodeList(w -> {
            w.writeLong(now);
            w.writeValue(nonce);
            w.writeValue(recipient.value());
            w.writeLong(bodyLength);
            w.writeValue(bodyHash);
            w.writeValue(signature);
        }).toHexString();
    }

    /**
     * Decodes a header value and recovers its signer; empty when malformed (strictly: canonical
     * RLP, nothing extra) or not validly signed.
     */
    public static Optional<PeerAuth> verify(String header) {
        if (header == null || header.length() > 1_024) {
            return Optional.empty();
        }
        record Signed(long timestamp, Bytes nonce, Address to, long length, Bytes32 bodyHash, Bytes signature) {}
        try {
            Signed f = RlpFields.decodeList(Bytes.fromHexString(header), "peer auth header", r -> {
                Signed fields = new Signed(RlpFields.readLongScalar(r, "timestamp"), RlpFields.readFixed(r, "nonce", NONCE_BYTES),
                        new Address(RlpFields.readFixed(r, "recipient", Address.SIZE)), RlpFields.readLongScalar(r, "body length"),
                        RlpFields.readBytes32(r, "body hash"), RlpFields.readFixed(r, "signature", 65));
                RlpFields.requireComplete(r, "peer auth header");
                return fields;
            });
            return Secp256k1.recoverPublicKey(digest(f.timestamp(), f.nonce(), f.to(), f.length(), f.bodyHash()), f.signature())
                    .map(pub -> new PeerAuth(f.timestamp(), f.nonce(), f.to(), f.length(), f.bodyHash(), pub));
        } catch (IllegalArgumentException e) { // bad hex, or MalformedDataException
            return Optional.empty();
        }
    }

    public Address sender() {
        return Address.fromPublicKey(senderPublicKey);
    }

    public static Bytes32 hash(Bytes body) {
        return Bytes32.wrap(Keccak.keccak256(body.toArrayUnsafe()));
    }

    private static Bytes32 digest(long timestamp, Bytes nonce, Address recipient, long length, Bytes32 bodyHash) {
        Bytes signed = RLP.encodeList(w -> {
            w.writeString("bcpki-p2p-auth");
            w.writeLong(timestamp);
            w.writeValue(nonce);
            w.writeValue(recipient.value());
            w.writeLong(length);
            w.writeValue(bodyHash);
        });
        return Bytes32.wrap(Keccak.keccak256(signed.toArrayUnsafe()));
    }
}
