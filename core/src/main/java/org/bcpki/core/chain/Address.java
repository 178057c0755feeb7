package org.bcpki.core.chain;

import java.util.Arrays;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.crypto.Keccak;

/** A 20-byte Ethereum account address; ordered unsigned-lexicographically like Besu's validator lists. */
public record Address(Bytes value) implements Comparable<Address> {
    public static final int SIZE = 20;

    public Address {
        Objects.requireNonNull(value, "value");
        if (value.size() != SIZE) {
            throw new MalformedDataException("address must be " + SIZE + " bytes, found " + value.size());
        }
        value = value.copy();
    }

    public static Address fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        try {
            return new Address(Bytes.fromHexString(hex));
        } catch (MalformedDataException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("address is not hex: " + hex, e);
        }
    }

    /** keccak256(x || y)[12..32] for an uncompressed public key without its 0x04 prefix. */
    public static Address fromPublicKey(Bytes publicKey64) {
        if (publicKey64.size() != 64) {
            throw new MalformedDataException("public key must be 64 bytes (x||y), found " + publicKey64.size());
        }
        byte[] hash = Keccak.keccak256(publicKey64.toArrayUnsafe());
        return new Address(Bytes.wrap(hash, 12, SIZE));
    }

    public String toHex() {
        return value.toHexString();
    }

    @Override
    public int compareTo(Address other) {
        return Arrays.compareUnsigned(value.toArrayUnsafe(), other.value.toArrayUnsafe());
    }

    @Override
    public String toString() {
        return toHex();
    }
}
