package org.bcpki.chain.exec;

import io.horizen.evm.Address;
import io.horizen.evm.Hash;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.crypto.Keccak;

/** Conversions between Tuweni bytes and libevm's address and hash types. */
public final class EvmTypes {
    private EvmTypes() {}

    public static Address address(Bytes bytes) {
        return new Address(bytes.toArray());
    }

    public static Bytes bytes(Address address) {
        return Bytes.wrap(address.toBytes());
    }

    public static Hash hash(Bytes32 bytes) {
        return new Hash(bytes.toArray());
    }

    public static Bytes32 bytes32(Hash hash) {
        return Bytes32.wrap(hash.toBytes());
    }

    /** The address of a contract created by {@code sender} with {@code nonce}: keccak(rlp([sender, nonce]))[12:]. */
    public static Bytes contractAddress(Bytes sender, long nonce) {
        Bytes rlp = RLP.encodeList(w -> {
            w.writeValue(sender);
            w.writeLong(nonce);
        });
        return Bytes.wrap(Keccak.keccak256(rlp.toArrayUnsafe())).slice(12, 20);
    }
}
