package org.bcpki.chain.block;

import java.math.BigInteger;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** One {@code alloc} entry of a genesis file. */
public record GenesisAccount(BigInteger balance, long nonce, Bytes code, Map<Bytes32, Bytes32> storage) {
    public static GenesisAccount funded(BigInteger balance) {
        return new GenesisAccount(balance, 0, Bytes.EMPTY, Map.of());
    }
}
