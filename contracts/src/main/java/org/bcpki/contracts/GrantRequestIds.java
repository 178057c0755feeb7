package org.bcpki.contracts;

import java.util.List;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The registry's request id, computed off chain exactly as {@code IdentityRegistry.requestIdFor}:
 * keccak256(abi.encode(subjectId, role, algorithm, keyHash, attestationHash, notBefore, notAfter)).
 * Because it depends only on the content, a retried submission maps to the same id.
 */
@SuppressWarnings("rawtypes") // web3j's ABI Type is a raw generic in its own API
public final class GrantRequestIds {
    private GrantRequestIds() {}

    public static byte[] requestId(byte[] subjectId, int role, int algorithm, byte[] keyHash,
                                   byte[] attestationHash, long notBefore, long notAfter) {
        List<Type> fields = List.of(new Bytes32(subjectId), new Uint8(role), new Uint8(algorithm),
                new Bytes32(keyHash), new Bytes32(attestationHash), new Uint64(notBefore), new Uint64(notAfter));
        String encoded = new DefaultFunctionEncoder().encodeParameters(fields);
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }
}
