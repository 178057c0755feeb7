package org.bcpki.core.trie;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.MalformedDataException;

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
        try {
            return RLP.decode(rlp, reader -> {
                AccountState account = reader.readList(r -> {
                    long nonce = r.readLong();
                    BigInteger balance = r.readBigInteger();
                    Bytes storageRoot = r.readValue();
                    Bytes codeHash = r.readValue();
                    if (!r.isComplete()) {
                        throw new MalformedDataException("an account has exactly 4 fields");
                    }
                    if (storageRoot.size() != 32 || codeHash.size() != 32) {
                        throw new MalformedDataException("account storageRoot and codeHash must be 32 bytes");
                    }
                    return new AccountState(nonce, balance, Bytes32.wrap(storageRoot), Bytes32.wrap(codeHash));
                });
                if (!reader.isComplete()) {
                    throw new MalformedDataException("trailing bytes after an account");
                }
                return account;
            });
        } catch (MalformedDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedDataException("malformed account RLP: " + e.getMessage(), e);
        }
    }
}
