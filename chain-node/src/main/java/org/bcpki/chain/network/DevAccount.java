package org.bcpki.chain.network;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;

/** A funded development account (its key is written next to the genesis for tests and the demo). */
public record DevAccount(Bytes32 privateKey, BigInteger balance) {
    public Address address() {
        return NodeKey.fromPrivateKey(privateKey).address();
    }
}
