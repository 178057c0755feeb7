package org.bcpki.core.chain;

import static org.bcpki.core.chain.QbftTestChain.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every rule: a valid sealed header passes, and breaking one thing fails exactly that rule. */
class QbftHeaderValidatorTest {
    private final QbftHeaderValidator validator = QbftHeaderValidator.standard();
    private QbftTestChain chain;
    private BlockHeader parent;
    private ValidationContext context;

    @BeforeEach
    void setUp() {
        chain = QbftTestChain.create(4).mineEmpty(2);
        parent = chain.head();
        context = chain.nextContext();
    }

    private BlockHeader valid() {
        return chain.sealedNext(key(3), Optional.empty());
    }

    /** The next block with one change made before sealing, sealed by all validators. */
    private BlockHeader changedThenSealed(UnaryOperator<BlockHeader.Builder> change) {
        BlockHeader unsealed = change.apply(chain.unsealedNext(key(3), Optional.empty(), 0).toBuilder()).build();
        return CommitSeals.seal(unsealed, chain.validatorKeys());
    }

    private BlockHeader withSeals(List<NodeKey> committers) {
        return CommitSeals.seal(chain.unsealedNext(key(3), Optional.empty(), 0), committers);
    }

    /** Asserts that {@code header} fails {@code rule} and nothing else in the standard set. */
    private void failsOnly(HeaderRule rule, BlockHeader header, String messagePart) {
        Optional<String> failure = rule.check(header, parent, context);
        assertTrue(failure.isPresent(), rule.getClass().getSimpleName() + " accepted a broken header");
        assertTrue(failure.get().contains(messagePart), failure.get());
        assertEquals(List.of(failure.get()), validator.validate(header, parent, context));
    }

    private void passes(HeaderRule rule, BlockHeader header) {
        assertEquals(Optional.empty(), rule.check(header, parent, context));
    }

    @Test
    void aValidSealedHeaderPassesEveryRule() {
        BlockHeader header = valid();
        assertEquals(List.of(), validator.validate(header, parent, context));
        validator.rules().forEach(rule -> passes(rule, header));
        assertEquals(8, validator.rules().size());
    }

    @Test
    void aWholeChainValidatesBlockByBlock() {
        chain.mine(key(0), Optional.of(Vote.add(key(4).address())));
        chain.mine(key(1), Optional.of(Vote.add(key(4).address())));
        chain.mine(key(2), Optional.of(Vote.add(key(4).address())));
        chain.mineEmpty(3);
        VoteTally tally = VoteTally.genesis(QbftExtraDataCodec.decode(chain.genesis().extraData()).validators());
        List<BlockHeader> blocks = chain.blocks();
        for (int i = 1; i < blocks.size(); i++) {
            ValidationContext ctx = new ValidationContext(tally.validators(), QbftTestChain.BLOCK_PERIOD_SECONDS);
            assertEquals(List.of(), validator.validate(blocks.get(i), blocks.get(i - 1), ctx), "block " + i);
            tally = tally.afterBlock(blocks.get(i), chain.epochLength());
        }
        assertEquals(5, tally.validators().size());
    }

    @Test
    void parentHash() {
        passes(new ParentHashRule(), valid());
        failsOnly(new ParentHashRule(), changedThenSealed(b -> b.parentHash(Bytes32.ZERO)), "parentHash");
        // the hash of the sealed parent including seals is not the block hash either
        Bytes32 rawHash = BftHashing.keccak(BlockHeaderCodec.encode(parent));
        failsOnly(new ParentHashRule(), changedThenSealed(b -> b.parentHash(rawHash)), "parentHash");
    }

    @Test
    void blockNumber() {
        passes(new BlockNumberRule(), valid());
        failsOnly(new BlockNumberRule(), changedThenSealed(b -> b.number(parent.number() + 2)), "number");
        failsOnly(new BlockNumberRule(), changedThenSealed(b -> b.number(parent.number())), "number");
    }

    @Test
    void timestamp() {
        passes(new TimestampRule(), valid());
        passes(new TimestampRule(), changedThenSealed(b -> b.timestamp(parent.timestamp() + 100)));
        failsOnly(new TimestampRule(), changedThenSealed(b -> b.timestamp(parent.timestamp())), "timestamp");
        context = new ValidationContext(context.validators(), 5);
        passes(new TimestampRule(), changedThenSealed(b -> b.timestamp(parent.timestamp() + 5)));
        failsOnly(new TimestampRule(), changedThenSealed(b -> b.timestamp(parent.timestamp() + 4)), "block period");
    }

    @Test
    void constantFields() {
        HeaderRule rule = new ConstantFieldsRule();
        passes(rule, valid());
        failsOnly(rule, changedThenSealed(b -> b.mixHash(Bytes32.ZERO)), "mixHash");
        failsOnly(rule, changedThenSealed(b -> b.difficulty(BigInteger.TWO)), "difficulty");
        failsOnly(rule, changedThenSealed(b -> b.nonce(1)), "nonce");
        failsOnly(rule, changedThenSealed(b -> b.ommersHash(BlockHeader.EMPTY_TRIE_ROOT)), "ommersHash");
    }

    @Test
    void extraDataValidators() {
        HeaderRule rule = new ExtraDataValidatorsRule();
        passes(rule, valid());
        List<Address> three = context.validators().subList(0, 3);
        BlockHeader missingOne = changedThenSealed(b -> b.extraData(QbftExtraDataCodec.encode(
                QbftExtraData.genesis(three))));
        failsOnly(rule, missingOne, "differ");
        List<Address> unsorted = new ArrayList<>(context.validators());
        java.util.Collections.reverse(unsorted);
        BlockHeader reversed = changedThenSealed(b -> b.extraData(QbftExtraDataCodec.encode(
                QbftExtraData.genesis(List.of()).withValidators(unsorted))));
        failsOnly(rule, reversed, "differ");
        BlockHeader garbage = valid().withExtraData(Bytes.fromHexString("0xc0"));
        assertTrue(rule.check(garbage, parent, context).orElseThrow().contains("not valid QBFT extraData"));
    }

    @Test
    void proposerIsAValidator() {
        passes(new ProposerRule(), valid());
        failsOnly(new ProposerRule(), changedThenSealed(b -> b.coinbase(key(9).address())), "not a validator");
    }

    @Test
    void gasUsed() {
        passes(new GasUsedRule(), changedThenSealed(b -> b.gasUsed(QbftTestChain.GAS_LIMIT)));
        failsOnly(new GasUsedRule(), changedThenSealed(b -> b.gasUsed(QbftTestChain.GAS_LIMIT + 1)), "exceeds");
    }

    @Test
    void commitSealsReachQuorum() {
        HeaderRule rule = new CommitSealsRule();
        List<NodeKey> validators = chain.validatorKeys();
        passes(rule, withSeals(validators.subList(0, 3)));
        failsOnly(rule, withSeals(validators.subList(0, 2)), "quorum is 3");
        failsOnly(rule, withSeals(List.of()), "quorum is 3");
        assertEquals(validators.subList(1, 4).stream().map(NodeKey::address).toList(),
                CommitSeals.signers(withSeals(validators.subList(1, 4))));
    }

    @Test
    void commitSealsAreFromDistinctSigners() {
        List<NodeKey> validators = chain.validatorKeys();
        BlockHeader duplicated = withSeals(List.of(validators.get(0), validators.get(1), validators.get(1)));
        failsOnly(new CommitSealsRule(), duplicated, "more than once");
    }

    @Test
    void commitSealsAreFromValidators() {
        List<NodeKey> validators = chain.validatorKeys();
        BlockHeader outsider = withSeals(List.of(validators.get(0), validators.get(1), validators.get(2), key(9)));
        failsOnly(new CommitSealsRule(), outsider, "not a validator");
    }

    @Test
    void commitSealsMustSignThisHeader() {
        // seals made for the round-0 digest do not verify once the round is changed afterwards
        BlockHeader sealed = valid();
        QbftExtraData extra = QbftExtraDataCodec.decode(sealed.extraData());
        BlockHeader otherRound = sealed.withExtraData(QbftExtraDataCodec.encode(extra.withRound(1)));
        failsOnly(new CommitSealsRule(), otherRound, "not a validator");
        // and the round itself is fine when the seals cover it
        BlockHeader roundOne = CommitSeals.seal(chain.unsealedNext(key(3), Optional.empty(), 1), chain.validatorKeys());
        assertEquals(List.of(), validator.validate(roundOne, parent, context));
    }

    @Test
    void highSSealsAreRejected() {
        BlockHeader sealed = valid();
        QbftExtraData extra = QbftExtraDataCodec.decode(sealed.extraData());
        List<Bytes> seals = new ArrayList<>(extra.seals());
        Bytes first = seals.get(0);
        BigInteger s = new BigInteger(1, first.slice(32, 32).toArrayUnsafe());
        seals.set(0, Bytes.concatenate(first.slice(0, 32),
                Bytes32.leftPad(Bytes.wrap(Secp256k1.N.subtract(s).toByteArray()).trimLeadingZeros()),
                Bytes.of(first.get(64) ^ 1)));
        BlockHeader malleated = sealed.withExtraData(QbftExtraDataCodec.encode(extra.withSeals(seals)));
        failsOnly(new CommitSealsRule(), malleated, "commit seal 0");
    }

    @Test
    void garbageExtraDataIsReportedNotThrown() {
        BlockHeader garbage = valid().withExtraData(Bytes.fromHexString("0xdeadbeef"));
        List<String> failures = validator.validate(garbage, parent, context);
        assertEquals(2, failures.size(), failures.toString()); // extraData and seals rules
        BlockHeader garbageParent = parent.withExtraData(Bytes.fromHexString("0xdeadbeef"));
        assertTrue(new ParentHashRule().check(valid(), garbageParent, context).isPresent());
    }
}
