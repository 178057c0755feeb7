package org.bcpki.core.trie;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.rlp.RlpFields;

/** An account in the state trie: RLP [nonce, balance, storageRoot, codeHash]. */
public record AccountState(long nonce, BigInteger balance, Bytes32 storageRoot, Bytes32 codeHash) {
    /** keccak256 of empty code. */
    public static final Bytes32 EMPTY_CODE_HASH =
            Bytes32.fromHexString("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");

    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeLong(nonce);
            w.writeBigInteger(balance);
            w.writeValue(storageRoot);
            w.writeValue(codeHash);
        });
    }

    public static AccountState decode(Bytes rlp) {
        return RlpFields.decodeList(rlp, "account", reader -> {
            long nonce = RlpFields.readLongScalar(reader, "account nonce");
            BigInteger balance = RlpFields.readScalar(reader, "account balance", 32);
            Bytes32 storageRoot = RlpFields.readBytes32(reader, "account storageRoot");
            Bytes32 codeHash = RlpFields.readBytes32(reader, "account codeHash");
            RlpFields.requireComplete(reader, "account");
            return new AccountState(nonce, balance, storageRoot, codeHash);
        });
    }
}
