package org.bcpki.chain.fuzz;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.RlpLists;
import org.bcpki.chain.consensus.QbftCodec;
import org.bcpki.chain.consensus.QbftMessage;
import org.bcpki.chain.net.PeerMessageKind;
import org.bcpki.chain.net.PeerPayload;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionCodec;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.crypto.Keccak;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * The chain-node fuzz targets' fixture and oracle: real transactions (legacy with and without
 * EIP-155, EIP-2930, EIP-1559, with access lists, a contract creation), a block, every QBFT
 * message (round changes with a prepared certificate, a justified proposal) and signed peer
 * envelopes of every kind, all made by the project's own encoders with deterministic keys. Every
 * payload a fixture key signed is recorded, and so is every raw transaction a fixture account
 * signed: the fuzzer cannot sign, so anything it makes that recovers to one of these signers
 * must be one of these exact encodings.
 */
public final class WireFixtures {
    public static final long CHAIN_ID = 1337;
    public static final long HEIGHT = 5;

    public static final List<NodeKey> NODE_KEYS = List.of(nodeKey(0), nodeKey(1), nodeKey(2), nodeKey(3));
    public static final List<Credentials> ACCOUNTS = List.of(Credentials.create(keccak("bcpki-fuzz-account-0").toHexString()),
            Credentials.create(keccak("bcpki-fuzz-account-1").toHexString()));

    /** What each node key signed (peer payloads and QBFT messages). */
    public static final Map<Address, Set<Bytes>> SIGNED_PAYLOADS = new HashMap<>();
    /** Named raw transactions, and every raw transaction each account signed. */
    public static final Map<String, Bytes> TRANSACTIONS = new LinkedHashMap<>();
    public static final Map<Bytes, Set<Bytes>> SIGNED_TRANSACTIONS = new HashMap<>();
    /** Named encoded QBFT messages and signed envelopes. */
    public static final Map<String, Bytes> QBFT_MESSAGES = new LinkedHashMap<>();
    public static final Map<String, Bytes> ENVELOPES = new LinkedHashMap<>();

    static {
        try {
            build();
        } catch (InvalidTransactionException e) {
            throw new IllegalStateException(e);
        }
    }

    private WireFixtures() {}

    private static void build() throws InvalidTransactionException {
        Credentials alice = ACCOUNTS.get(0);
        Credentials bob = ACCOUNTS.get(1);
        String to = bob.getAddress();
        String zeroPrefixed = "0x00000000000000000000000000000000000000aa";
        List<AccessListObject> accessList = List.of(new AccessListObject(zeroPrefixed,
                List.of(Bytes32.ZERO.toHexString(), Bytes32.leftPad(Bytes.of(1)).toHexString())));
        transaction("legacy-pre-eip155", alice, RawTransaction.createTransaction(
                BigInteger.ZERO, BigInteger.valueOf(1_000), BigInteger.valueOf(21_000), to, BigInteger.ONE, "0x"), null);
        transaction("legacy-eip155", alice, RawTransaction.createTransaction(
                BigInteger.ONE, BigInteger.valueOf(7), BigInteger.valueOf(30_000), to, BigInteger.TEN.pow(18), "0x0102"), CHAIN_ID);
        transaction("legacy-contract-creation", bob, RawTransaction.createContractTransaction(
                BigInteger.valueOf(3), BigInteger.ONE, BigInteger.valueOf(100_000), BigInteger.ZERO, "0x6001600055"), CHAIN_ID);
        transaction("eip1559", alice, RawTransaction.createTransaction(CHAIN_ID, BigInteger.valueOf(2),
                BigInteger.valueOf(21_000), to, BigInteger.valueOf(5), "0x", BigInteger.ONE, BigInteger.valueOf(1_000)), null);
        transaction("eip1559-access-list", bob, RawTransaction.createTransaction(CHAIN_ID, BigInteger.valueOf(128),
                BigInteger.valueOf(60_000), zeroPrefixed, BigInteger.ZERO, "0xa9059cbb", BigInteger.ZERO, BigInteger.valueOf(256),
                accessList), null);
        transaction("eip2930-access-list", alice, RawTransaction.createTransaction(CHAIN_ID, BigInteger.valueOf(9),
                BigInteger.valueOf(300), BigInteger.valueOf(50_000), to, BigInteger.valueOf(2), "0xff", accessList), null);

        List<Transaction> txs = new ArrayList<>();
        for (String name : List.of("legacy-eip155", "eip1559")) {
            txs.add(TransactionCodec.decode(TRANSACTIONS.get(name)));
        }
        List<Address> validators = NODE_KEYS.stream().map(NodeKey::address).sorted().toList();
        Block block = block(validators, 0, txs);
        Block reproposed = block(validators, 2, List.of());
        Block empty = block(validators, 1, List.of());

        NodeKey proposer = NODE_KEYS.get(0);
        List<SignedMessage> prepares = new ArrayList<>();
        for (NodeKey key : NODE_KEYS.subList(0, 3)) {
            prepares.add(signQbft(key, new QbftMessage.Prepare(HEIGHT, 1, empty.hash())));
        }
        List<SignedMessage> roundChanges = new ArrayList<>();
        roundChanges.add(signQbft(NODE_KEYS.get(1), new QbftMessage.RoundChange(HEIGHT, 2, Optional.empty())));
        roundChanges.add(signQbft(NODE_KEYS.get(2), new QbftMessage.RoundChange(HEIGHT, 2,
                Optional.of(new QbftMessage.PreparedCertificate(1, empty, prepares)))));
        roundChanges.add(signQbft(NODE_KEYS.get(3), new QbftMessage.RoundChange(HEIGHT, 2, Optional.empty())));

        qbft("proposal-round-0", proposer, new QbftMessage.Proposal(HEIGHT, 0, block, List.of()));
        qbft("proposal-round-2-justified", proposer, new QbftMessage.Proposal(HEIGHT, 2, reproposed, roundChanges));
        qbft("prepare", NODE_KEYS.get(1), new QbftMessage.Prepare(HEIGHT, 0, block.hash()));
        qbft("commit", NODE_KEYS.get(2), new QbftMessage.Commit(HEIGHT, 0, block.hash(),
                NODE_KEYS.get(2).sign(BftHashing.sealDigest(block.header()))));
        qbft("round-change-empty", NODE_KEYS.get(3), new QbftMessage.RoundChange(HEIGHT, 2, Optional.empty()));
        qbft("round-change-prepared", NODE_KEYS.get(2), new QbftMessage.RoundChange(HEIGHT, 2,
                Optional.of(new QbftMessage.PreparedCertificate(1, empty, prepares))));

        envelope("qbft", PeerMessageKind.QBFT, signQbft(NODE_KEYS.get(1), new QbftMessage.Prepare(HEIGHT, 0, block.hash())).encode());
        envelope("transactions", PeerMessageKind.TRANSACTIONS, RlpLists.encode(List.copyOf(TRANSACTIONS.values())));
        envelope("new-block", PeerMessageKind.NEW_BLOCK, block.encode());
        envelope("status", PeerMessageKind.STATUS, Bytes.EMPTY);
        envelope("get-blocks", PeerMessageKind.GET_BLOCKS, RLP.encodeList(w -> {
            w.writeLong(HEIGHT);
            w.writeLong(64);
        }));
    }

    private static Block block(List<Address> validators, int round, List<Transaction> txs) {
        QbftExtraData extra = new QbftExtraData(Bytes.wrap(new byte[QbftExtraData.VANITY_SIZE]), validators,
                Optional.empty(), round, List.of());
        BlockHeader header = BlockHeader.builder()
                .parentHash(Bytes32.wrap(keccak("parent")))
                .coinbase(NODE_KEYS.get(0).address())
                .number(HEIGHT)
                .gasLimit(30_000_000)
                .gasUsed(txs.isEmpty() ? 0 : 42_000)
                .timestamp(1_700_000_005L)
                .baseFee(BigInteger.ZERO)
                .transactionsRoot(org.bcpki.core.trie.MerklePatriciaTrie.orderedRoot(txs.stream().map(Transaction::raw).toList()))
                .extraData(QbftExtraDataCodec.encode(extra))
                .build();
        return new Block(header, txs);
    }

    private static void transaction(String name, Credentials signer, RawTransaction tx, Long chainId) {
        Bytes raw = Bytes.wrap(chainId == null ? TransactionEncoder.signMessage(tx, signer)
                : TransactionEncoder.signMessage(tx, chainId, signer));
        TRANSACTIONS.put(name, raw);
        SIGNED_TRANSACTIONS.computeIfAbsent(Bytes.fromHexString(signer.getAddress()), a -> new HashSet<>()).add(raw);
    }

    private static SignedMessage signQbft(NodeKey key, QbftMessage message) {
        return sign(key, QbftCodec.encode(message));
    }

    private static void qbft(String name, NodeKey key, QbftMessage message) {
        QBFT_MESSAGES.put(name, signQbft(key, message).payload());
    }

    private static void envelope(String name, PeerMessageKind kind, Bytes body) {
        ENVELOPES.put(name, sign(NODE_KEYS.get(0), new PeerPayload(kind, body).encode()).encode());
    }

    private static SignedMessage sign(NodeKey key, Bytes payload) {
        SIGNED_PAYLOADS.computeIfAbsent(key.address(), a -> new HashSet<>()).add(payload);
        return SignedMessage.sign(key, payload);
    }

    /** True when {@code message} recovers to a fixture key but is not something that key signed. */
    public static boolean forged(SignedMessage message) {
        Set<Bytes> signed = SIGNED_PAYLOADS.get(message.sender());
        return signed != null && !signed.contains(message.payload());
    }

    private static NodeKey nodeKey(int i) {
        return NodeKey.fromPrivateKey(Bytes32.wrap(keccak("bcpki-fuzz-node-" + i)));
    }

    private static Bytes keccak(String text) {
        return Bytes.wrap(Keccak.keccak256(text.getBytes(StandardCharsets.UTF_8)));
    }
}
