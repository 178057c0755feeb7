package org.bcpki.core.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fields that are fixed in BFT blocks: mixHash constant, difficulty 1, nonce 0, no ommers. */
public final class ConstantFieldsRule implements HeaderRule {
    @Override
    public Optional<String> check(BlockHeader header, BlockHeader parent, ValidationContext context) {
        List<String> wrong = new ArrayList<>();
        if (!header.mixHash().equals(BlockHeader.QBFT_MIX_HASH)) {
            wrong.add("mixHash is not the BFT constant");
        }
        if (!header.difficulty().equals(BigInteger.ONE)) {
            wrong.add("difficulty is " + header.difficulty() + ", not 1");
        }
        if (header.nonce() != 0) {
            wrong.add("nonce is not 0");
        }
        if (!header.ommersHash().equals(BlockHeader.EMPTY_OMMERS_HASH)) {
            wrong.add("ommersHash is not the empty-list hash");
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong));
    }
}
