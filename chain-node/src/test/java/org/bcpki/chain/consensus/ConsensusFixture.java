package org.bcpki.chain.consensus;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.consensus.QbftMessage.PreparedCertificate;
import org.bcpki.chain.consensus.QbftMessage.Prepare;
import org.bcpki.chain.consensus.QbftMessage.Proposal;
import org.bcpki.chain.consensus.QbftMessage.RoundChange;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.crypto.Keccak;

/**
 * Four validators with deterministic keys, a parent block at {@link #HEIGHT} - 1 and signed QBFT
 * messages for {@link #HEIGHT}: what the validation rules are fed, with no chain, network or clock.
 */
final class ConsensusFixture {
    static final long HEIGHT = 7;

    final List<NodeKey> keys = List.of(key("a"), key("b"), key("c"), key("d"));
    final NodeKey outsider = key("outsider");
    final List<Address> validators = keys.stream().map(NodeKey::address).sorted().toList();
    final BlockHeader parent = header(HEIGHT - 1, validators.get(1), Bytes32.ZERO, 0, 1_700_000_000L);
    final ProposalValidator rules = new ProposalValidator(HEIGHT, parent, validators);

    /** The validator's key for an address. */
    NodeKey keyOf(Address address) {
        return keys.stream().filter(k -> k.address().equals(address)).findFirst().orElseThrow();
    }

    NodeKey proposerKey(int round) {
        return keyOf(rules.proposer(round));
    }

    /** A new block for round {@code round} at {@link #HEIGHT}, built by that round's proposer; {@code variant} makes it distinct. */
    Block newBlock(int round, int variant) {
        return blockBy(rules.proposer(round), round, variant);
    }

    Block blockBy(Address coinbase, int round, int variant) {
        return new Block(header(HEIGHT, coinbase, BftHashing.blockHash(parent), round, parent.timestamp() + 1 + variant), List.of());
    }

    /** {@code block} with its extraData round set to {@code round}, as a re-proposal carries it (same block hash). */
    static Block inRound(Block block, int round) {
        QbftExtraData extra = QbftExtraDataCodec.decode(block.header().extraData()).withRound(round);
        return new Block(block.header().withExtraData(QbftExtraDataCodec.encode(extra)), block.transactions());
    }

    static SignedMessage signed(NodeKey key, QbftMessage message) {
        return SignedMessage.sign(key, QbftCodec.encode(message));
    }

    /** Prepares for {@code block} in {@code round}, one signed by each of {@code signers}. */
    static List<SignedMessage> prepares(Block block, int round, List<NodeKey> signers) {
        List<SignedMessage> prepares = new ArrayList<>();
        for (NodeKey k : signers) {
            prepares.add(signed(k, new Prepare(HEIGHT, round, block.hash())));
        }
        return prepares;
    }

    /** A certificate with prepares from the first three validators, a quorum of four. */
    PreparedCertificate certificate(Block block, int round) {
        return new PreparedCertificate(round, block, prepares(block, round, keys.subList(0, 3)));
    }

    static SignedMessage roundChange(NodeKey key, int round, Optional<PreparedCertificate> prepared) {
        return signed(key, new RoundChange(HEIGHT, round, prepared));
    }

    /** Round changes to {@code round} without a prepared block, from the first {@code count} validators. */
    List<SignedMessage> emptyRoundChanges(int round, int count) {
        return keys.subList(0, count).stream().map(k -> roundChange(k, round, Optional.empty())).toList();
    }

    static Proposal proposal(Block block, int round, List<SignedMessage> justification) {
        return new Proposal(HEIGHT, round, block, justification);
    }

    static BlockHeader header(long number, Address coinbase, Bytes32 parentHash, int round, long timestamp) {
        List<Address> validators = List.of(); // the rules read the validators from the chain, not from proposals
        QbftExtraData extra = new QbftExtraData(Bytes.wrap(new byte[QbftExtraData.VANITY_SIZE]), validators,
                Optional.empty(), round, List.of());
        return BlockHeader.builder()
                .parentHash(parentHash)
                .coinbase(coinbase)
                .number(number)
                .gasLimit(30_000_000)
                .gasUsed(0)
                .timestamp(timestamp)
                .baseFee(BigInteger.ZERO)
                .extraData(QbftExtraDataCodec.encode(extra))
                .build();
    }

    private static NodeKey key(String name) {
        return NodeKey.fromPrivateKey(Bytes32.wrap(Keccak.keccak256(("bcpki-qbft-rules-" + name).getBytes(StandardCharsets.UTF_8))));
    }
}
