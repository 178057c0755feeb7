package org.bcpki.puf;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.SubjectId;

/**
 * What an authority puts on chain for a PUF-enrolled device: who it is, which key it holds, which
 * helper data reconstructs that key, and the key's algorithm.
 *
 * <p>Canonical encoding = Solidity {@code abi.encode(bytes32 domain, bytes32 subjectId, bytes32 keyHash,
 * bytes32 helperDataHash, uint256 algorithmCode)} with {@code domain = keccak256("bcpki/puf-enrollment/v1")}:
 * five 32-byte words, 160 bytes. {@link #attestationHash()} = keccak256 of it, so a contract can
 * recompute it with {@code keccak256(abi.encode(...))}.
 */
public record EnrollmentRecord(SubjectId subjectId, byte[] keyHash, byte[] helperDataHash, KeyAlgorithm algorithm) {
    public static final byte[] DOMAIN = Keccak.keccak256("bcpki/puf-enrollment/v1".getBytes(StandardCharsets.US_ASCII));
    public static final int ENCODED_LENGTH = 5 * 32;

    public EnrollmentRecord {
        if (subjectId == null || algorithm == null) {
            throw new IllegalArgumentException("an enrollment record needs a subject id and an algorithm");
        }
        keyHash = requireHash("keyHash", keyHash);
        helperDataHash = requireHash("helperDataHash", helperDataHash);
    }

    @Override
    public byte[] keyHash() {
        return keyHash.clone();
    }

    @Override
    public byte[] helperDataHash() {
        return helperDataHash.clone();
    }

    public byte[] encode() {
        byte[] code = BigInteger.valueOf(algorithm.code()).toByteArray();
        byte[] word = new byte[32];
        System.arraycopy(code, 0, word, 32 - code.length, code.length);
        return ByteBuffer.allocate(ENCODED_LENGTH).put(DOMAIN).put(subjectId.bytes()).put(keyHash)
                .put(helperDataHash).put(word).array();
    }

    public byte[] attestationHash() {
        return Keccak.keccak256(encode());
    }

    private static byte[] requireHash(String name, byte[] hash) {
        if (hash == null || hash.length != 32) {
            throw new IllegalArgumentException(name + " must be 32 bytes");
        }
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnrollmentRecord other && Arrays.equals(encode(), other.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "EnrollmentRecord[" + subjectId + ", " + algorithm + "]";
    }
}
