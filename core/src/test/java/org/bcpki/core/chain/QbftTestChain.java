package org.bcpki.core.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;

/**
 * Test fixture (shipped in core's test-jar): an in-memory QBFT chain of sealed headers built from
 * deterministic node keys, with the vote tally replayed as blocks are appended.
 *
 * <pre>{@code
 * QbftTestChain chain = QbftTestChain.create(4);
 * BlockHeader b1 = chain.mine(QbftTestChain.key(0), Optional.empty());
 * chain.mine(QbftTestChain.key(1), Optional.of(Vote.add(QbftTestChain.key(4).address())));
 * }</pre>
 */
public final class QbftTestChain {
    public static final long BLOCK_PERIOD_SECONDS = 1;
    public static final long DEFAULT_EPOCH_LENGTH = 30_000;
    public static final long GENESIS_TIMESTAMP = 1_700_000_000L;
    public static final long GAS_LIMIT = 30_000_000L;

    private final long epochLength;
    private final Map<Address, NodeKey> knownKeys = new LinkedHashMap<>();
    private final List<BlockHeader> blocks = new ArrayList<>();
    private VoteTally tally;

    private QbftTestChain(List<NodeKey> validators, long epochLength) {
        this.epochLength = epochLength;
        validators.forEach(this::learn);
        List<Address> addresses = validators.stream().map(NodeKey::address).toList();
        BlockHeader genesis = BlockHeader.builder()
                .number(0)
                .timestamp(GENESIS_TIMESTAMP)
                .gasLimit(GAS_LIMIT)
                .baseFee(BigInteger.ZERO)
                .extraData(QbftExtraDataCodec.encode(QbftExtraData.genesis(addresses)))
                .build();
        blocks.add(genesis);
        tally = VoteTally.genesis(addresses);
    }

    /** A chain whose genesis validators are {@code key(0) .. key(n-1)}. */
    public static QbftTestChain create(int validators) {
        return create(validators, DEFAULT_EPOCH_LENGTH);
    }

    public static QbftTestChain create(int validators, long epochLength) {
        return new QbftTestChain(keys(validators), epochLength);
    }

    /** Deterministic key number {@code i}: private key = keccak256("bcpki-test-node-" + i). */
    public static NodeKey key(int i) {
        byte[] seed = Keccak.keccak256(("bcpki-test-node-" + i).getBytes(StandardCharsets.UTF_8));
        return NodeKey.fromPrivateKey(Bytes32.wrap(seed));
    }

    public static List<NodeKey> keys(int n) {
        return IntStream.range(0, n).mapToObj(QbftTestChain::key).toList();
    }

    public BlockHeader genesis() {
        return blocks.get(0);
    }

    public BlockHeader head() {
        return blocks.get(blocks.size() - 1);
    }

    public List<BlockHeader> blocks() {
        return List.copyOf(blocks);
    }

    public long epochLength() {
        return epochLength;
    }

    /** The tally after the head: its validators are the set for the next block. */
    public VoteTally tally() {
        return tally;
    }

    /** The context the next block is validated in. */
    public ValidationContext nextContext() {
        return new ValidationContext(tally.validators(), BLOCK_PERIOD_SECONDS);
    }

    /** Keys of the validators for the next block, in address order. */
    public List<NodeKey> validatorKeys() {
        return tally.validators().stream().map(this::keyOf).toList();
    }

    /** The next block before sealing: correct parent, number, timestamp, validators, given vote/round. */
    public BlockHeader unsealedNext(NodeKey proposer, Optional<Vote> vote, int round) {
        learn(proposer);
        BlockHeader parent = head();
        QbftExtraData extra = new QbftExtraData(Bytes.wrap(new byte[QbftExtraData.VANITY_SIZE]),
                tally.validators(), vote, round, List.of());
        return parent.toBuilder()
                .parentHash(BftHashing.blockHash(parent))
                .coinbase(proposer.address())
                .number(parent.number() + 1)
                .timestamp(parent.timestamp() + BLOCK_PERIOD_SECONDS)
                .gasUsed(0)
                .extraData(QbftExtraDataCodec.encode(extra))
                .build();
    }

    /** The next block sealed by every validator of the next block. */
    public BlockHeader sealedNext(NodeKey proposer, Optional<Vote> vote) {
        return CommitSeals.seal(unsealedNext(proposer, vote, 0), validatorKeys());
    }

    /** Appends a (valid) block and replays its vote. */
    public BlockHeader append(BlockHeader header) {
        blocks.add(header);
        tally = tally.afterBlock(header, epochLength);
        return header;
    }

    /** Builds, seals and appends the next block. */
    public BlockHeader mine(NodeKey proposer, Optional<Vote> vote) {
        return append(sealedNext(proposer, vote));
    }

    /** Mines {@code count} empty blocks, proposers rotating through the validators. */
    public QbftTestChain mineEmpty(int count) {
        for (int i = 0; i < count; i++) {
            List<NodeKey> validators = validatorKeys();
            mine(validators.get((int) (head().number() % validators.size())), Optional.empty());
        }
        return this;
    }

    private void learn(NodeKey key) {
        knownKeys.putIfAbsent(key.address(), key);
    }

    private NodeKey keyOf(Address address) {
        NodeKey key = knownKeys.get(address);
        if (key == null) {
            // validators added by vote are normally key(i) for a small i: find it
            key = IntStream.range(0, 64).mapToObj(QbftTestChain::key)
                    .filter(k -> k.address().equals(address)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no test key for validator " + address));
            learn(key);
        }
        return key;
    }
}
