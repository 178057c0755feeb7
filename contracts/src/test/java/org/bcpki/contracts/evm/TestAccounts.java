package org.bcpki.contracts.evm;

import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;

/** Deterministic secp256k1 accounts for tests, derived from a name. */
public final class TestAccounts {
    private TestAccounts() {}

    public static Credentials named(String name) {
        return Credentials.create(ECKeyPair.create(new BigInteger(1, Hash.sha3(("bcpki-test-account:" + name).getBytes()))));
    }
}
