package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.chain.CommitSeals;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.trust.TrustAnchor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror commands against a small, validly sealed chain whose state holds one grant, served by a
 * loopback JSON-RPC node.
 */
class MirrorCommandTest {
    static final Bytes REGISTRY = Bytes.fromHexString("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    static final SubjectId METER = SubjectId.parse("1ESY1160000009");
    static final byte[] METER_KEY = "meter key".getBytes(StandardCharsets.UTF_8);
    static final List<NodeKey> KEYS = new ArrayList<>();
    static final List<BlockHeader> BLOCKS = new ArrayList<>();
    static MerklePatriciaTrie storage;
    static Bytes meterWords;
    static MerklePatriciaTrie state;
    static HttpServer server;

    @TempDir
    static Path dir;



    static Bytes keccak(Bytes b) {
        return Bytes.wrap(Keccak.keccak256(b.toArrayUnsafe()));
    }

    @BeforeAll
    static void chain() throws Exception {
        for (int i = 0; i < 4; i++) {
            KEYS.add(NodeKey.fromPrivateKey(Bytes32.wrap(Keccak.keccak256(("mirror-cli-" + i).getBytes()))));
        }
        List<Address> validators = KEYS.stream().map(NodeKey::address).sorted().toList();
        GrantRecord grant = new GrantRecord(GrantStatus.ACTIVE, Role.METER.code(), 11, 1, 1_600_000_000L, 4_000_000_000L, 0,
                Bytes32.wrap(Keccak.keccak256(METER_KEY)), Bytes32.ZERO);
        storage = new MerklePatriciaTrie();
        // The record's three words and its record hash (slot 15), as the registry writes them.
        RegistryLayout.recordStorage(METER, grant).forEach((slot, value) -> {
            if (!value.isZero()) {
                storage.put(keccak(slot), RLP.encodeValue(value.trimLeadingZeros()));
            }
        });
        meterWords = Bytes.concatenate(RegistryLayout.pack(grant), grant.keyHash(), grant.attestationHash());
        state = new MerklePatriciaTrie();
        state.put(keccak(REGISTRY), new AccountState(1, BigInteger.ZERO, storage.rootHash(),
                Bytes32.wrap(Keccak.keccak256("code".getBytes()))).encode());
        state.put(keccak(Bytes.fromHexString("0x00000000000000000000000000000000000000bb")),
                new AccountState(0, BigInteger.TEN, MerklePatriciaTrie.EMPTY_ROOT, AccountState.EMPTY_CODE_HASH).encode());

        long now = System.currentTimeMillis() / 1000;
        BlockHeader genesis = BlockHeader.builder().number(0).timestamp(now - 10).gasLimit(30_000_000L)
                .baseFee(BigInteger.ZERO).extraData(QbftExtraDataCodec.encode(QbftExtraData.genesis(validators))).build();
        BLOCKS.add(genesis);
        for (int n = 1; n <= 5; n++) {
            BlockHeader parent = BLOCKS.get(n - 1);
            QbftExtraData extra = new QbftExtraData(Bytes.wrap(new byte[32]), validators, Optional.empty(), 0, List.of());
            BlockHeader unsealed = parent.toBuilder().parentHash(BftHashing.blockHash(parent)).number(n)
                    .timestamp(parent.timestamp() + 1).coinbase(validators.get(n % 4)).stateRoot(state.rootHash())
                    .extraData(QbftExtraDataCodec.encode(extra)).build();
            BLOCKS.add(CommitSeals.seal(unsealed, KEYS));
        }
        TrustAnchorFile.write(TrustAnchor.genesis(1337, BftHashing.blockHash(genesis), validators, 30_000, 1),
                dir.resolve("anchor.json"));

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonValue request = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                JsonValue response = request instanceof JsonValue.JsonArray batch
                        ? new JsonValue.JsonArray(batch.elements().stream().map(r -> answer(r.asObject("request"))).toList())
                        : answer(request.asObject("request"));
                byte[] body = Json.write(response).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** One JSON-RPC answer of the loopback node. */
    static JsonValue answer(JsonValue.JsonObject request) {
        JsonValue.JsonArray params = request.array("params");
        JsonValue result = switch (request.string("method")) {
            case "eth_blockNumber" -> JsonValue.of(Hex.quantity(BLOCKS.size() - 1));
            case "debug_getRawHeader" -> {
                int n = (int) Hex.quantityLong(params.get(0).asString("n"), "n");
                yield n < BLOCKS.size() ? JsonValue.of(BlockHeaderCodec.encode(BLOCKS.get(n)).toHexString())
                        : JsonValue.JsonNull.INSTANCE;
            }
            case "eth_call" -> recordOf(Bytes.fromHexString(params.get(0).asObject("call").string("data")));
            case "eth_getProof" -> proof(Bytes.fromHexString(params.get(0).asString("a")),
                    params.get(1).asArray("slots").strings("slots").stream().map(Bytes32::fromHexString).toList());
            default -> JsonValue.JsonNull.INSTANCE;
        };
        return JsonValue.JsonObject.builder().put("jsonrpc", "2.0").put("id", request.get("id")).put("result", result).build();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** The registry's recordOf(bytes32) answer: the meter's three words, zeros for anyone else. */
    static JsonValue recordOf(Bytes calldata) {
        Bytes meterCall = Bytes.concatenate(org.bcpki.mirror.wire.RecordOfCall.SELECTOR, Bytes.wrap(METER.bytes()));
        return JsonValue.of((calldata.equals(meterCall) ? meterWords : Bytes.wrap(new byte[96])).toHexString());
    }

    static JsonValue.JsonObject proof(Bytes address, List<Bytes32> slots) {
        List<JsonValue> storageProofs = new ArrayList<>();
        for (Bytes32 slot : slots) {
            List<Bytes> nodes = storage.proof(keccak(slot));
            Bytes32 value = org.bcpki.core.trie.StateProofs.storage(storage.rootHash(), slot, nodes);
            storageProofs.add(JsonValue.JsonObject.builder().put("key", Hex.quantity(slot.toUnsignedBigInteger()))
                    .put("value", Hex.quantity(value.toUnsignedBigInteger()))
                    .put("proof", JsonValue.JsonArray.ofStrings(nodes.stream().map(Bytes::toHexString).toList())).build());
        }
        boolean registry = address.equals(REGISTRY);
        return JsonValue.JsonObject.builder()
                .put("address", address.toHexString())
                .put("balance", "0x0")
                .put("codeHash", registry ? Bytes32.wrap(Keccak.keccak256("code".getBytes())).toHexString()
                        : AccountState.EMPTY_CODE_HASH.toHexString())
                .put("nonce", registry ? "0x1" : "0x0")
                .put("storageHash", (registry ? storage.rootHash() : MerklePatriciaTrie.EMPTY_ROOT).toHexString())
                .put("accountProof", JsonValue.JsonArray.ofStrings(state.proof(keccak(address)).stream()
                        .map(Bytes::toHexString).toList()))
                .put("storageProof", new JsonValue.JsonArray(storageProofs))
                .build();
    }

    static String validators() {
        return String.join(",", KEYS.stream().map(k -> k.address().toHex()).toList());
    }

    @Test
    void verifyHeaderReportsEveryField() throws Exception {
        BlockHeader block = BLOCKS.get(3);
        CliRun ok = CliRun.of("mirror", "verify-header", "--validators", validators(), "--rlp",
                BlockHeaderCodec.encode(block).toHexString(), "--json");
        assertEquals(0, ok.code(), ok.err());
        JsonNode doc = ok.json();
        assertTrue(doc.get("valid").asBoolean());
        assertEquals(3, doc.get("number").asLong());
        assertEquals(BftHashing.blockHash(block).toHexString(), doc.get("blockHash").asText());
        assertEquals(BftHashing.sealDigest(block).toHexString(), doc.get("sealHash").asText());
        assertEquals(0, doc.get("round").asInt());
        assertEquals(4, doc.get("signers").size());
        assertEquals(0, doc.get("problems").size());

        String three = String.join(",", KEYS.subList(0, 3).stream().map(k -> k.address().toHex()).toList());
        CliRun wrongSet = CliRun.of("mirror", "verify-header", "--validators", three, "--rlp",
                BlockHeaderCodec.encode(block).toHexString(), "--json");
        assertEquals(1, wrongSet.code());
        assertFalse(wrongSet.json().get("valid").asBoolean());
        assertTrue(wrongSet.json().get("problems").size() > 0);

        CliRun garbage = CliRun.of("mirror", "verify-header", "--validators", validators(), "--rlp", "0xc3010203", "--json");
        assertEquals(1, garbage.code());
        assertTrue(garbage.json().get("number").isNull());
        CliRun notHex = CliRun.of("mirror", "verify-header", "--validators", validators(), "--rlp", "zz");
        assertEquals(2, notHex.code());
        assertFalse(notHex.err().contains("Exception"), notHex.err());
    }

    @Test
    void verifyProofChecksAccountAndStorage() throws Exception {
        Path file = dir.resolve("proof.json");
        Files.writeString(file, Json.write(proof(REGISTRY, RegistryLayout.recordSlots(METER))));
        CliRun ok = CliRun.of("mirror", "verify-proof", "--state-root", state.rootHash().toHexString(), "--proof", file.toString(), "--json");
        assertEquals(0, ok.code(), ok.err() + ok.out());
        JsonNode doc = ok.json();
        assertEquals(REGISTRY.toHexString(), doc.get("address").asText());
        assertEquals(storage.rootHash().toHexString(), doc.get("account").get("storageHash").asText());
        assertEquals(3, doc.get("storage").size());
        assertEquals(RegistryLayout.recordSlots(METER).get(0).toHexString(), doc.get("storage").get(0).get("key").asText());

        Path absent = dir.resolve("absent.json");
        Files.writeString(absent, Json.write(proof(Bytes.fromHexString("0x00000000000000000000000000000000000000cc"), List.of())));
        CliRun none = CliRun.of("mirror", "verify-proof", "--state-root", state.rootHash().toHexString(), "--proof", absent.toString(),
                "--json");
        assertEquals(0, none.code(), none.out());
        assertTrue(none.json().get("account").isNull());

        CliRun wrongRoot = CliRun.of("mirror", "verify-proof", "--state-root", "0x" + "00".repeat(32), "--proof", file.toString(), "--json");
        assertEquals(1, wrongRoot.code());
        assertFalse(wrongRoot.json().get("valid").asBoolean());

        Files.writeString(file, "{\"address\": ");
        CliRun malformed = CliRun.of("mirror", "verify-proof", "--state-root", state.rootHash().toHexString(), "--proof", file.toString());
        assertEquals(2, malformed.code());
        assertTrue(malformed.err().startsWith("bcpki: malformed JSON"), malformed.err());
    }

    @Test
    void syncThenCheckDecidesFromAProof() throws Exception {
        String rpc = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        Path store = dir.resolve("store");
        CliRun sync = CliRun.of("mirror", "sync", "--rpc", rpc, "--anchor", dir.resolve("anchor.json").toString(),
                "--store", store.toString(), "--json");
        assertEquals(0, sync.code(), sync.err() + sync.out());
        assertEquals(5, sync.json().get("toNumber").asLong());
        assertTrue(Files.exists(store.resolve("mirror-store.json")));

        Path key = dir.resolve("key.der");
        Files.write(key, METER_KEY);
        CliRun check = CliRun.of("mirror", "check", "--rpc", rpc, "--anchor", dir.resolve("anchor.json").toString(), "--store",
                store.toString(), "--registry", REGISTRY.toHexString(), "--id", "1ESY1160000009", "--role", "meter",
                "--key", key.toString(), "--json");
        assertEquals(0, check.code(), check.err() + check.out());
        JsonNode doc = check.json();
        assertEquals("GRANTED", doc.get("decision").asText());
        assertEquals(5, doc.get("blockNumber").asLong());
        assertEquals(BftHashing.blockHash(BLOCKS.get(5)).toHexString(), doc.get("blockHash").asText());
        assertTrue(doc.get("proofBytes").asInt() > 0);
        assertTrue(doc.has("millis"));

        CliRun unknown = CliRun.of("mirror", "check", "--rpc", rpc, "--anchor", dir.resolve("anchor.json").toString(), "--store",
                store.toString(), "--registry", REGISTRY.toHexString(), "--id", "nobody.emt", "--role", "emt", "--json");
        assertEquals(1, unknown.code());
        assertEquals("UNKNOWN", unknown.json().get("decision").asText());

        Files.write(key, "another key".getBytes());
        CliRun wrongKey = CliRun.of("mirror", "check", "--rpc", rpc, "--anchor", dir.resolve("anchor.json").toString(), "--store",
                store.toString(), "--registry", REGISTRY.toHexString(), "--id", "1ESY1160000009", "--role", "meter",
                "--key", key.toString());
        assertEquals(1, wrongKey.code());
        assertTrue(wrongKey.out().startsWith("WRONG_KEY"), wrongKey.out());

        CliRun badAnchor = CliRun.of("mirror", "sync", "--rpc", rpc, "--anchor", dir.resolve("missing.json").toString(),
                "--store", store.toString());
        assertEquals(2, badAnchor.code());
        assertTrue(badAnchor.err().contains("cannot read anchor file"), badAnchor.err());
    }
}
