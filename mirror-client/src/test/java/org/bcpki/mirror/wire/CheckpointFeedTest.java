package org.bcpki.mirror.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.junit.jupiter.api.Test;

/** Decoding CheckpointSigned events from eth_getLogs, and refusing every malformed answer. */
class CheckpointFeedTest {
    private static final Bytes REGISTRY = Bytes.fromHexString("0x00000000000000000000000000000000000000c1");
    private static final Bytes32 BLOCK_HASH = Bytes32.fromHexString("0x" + "11".repeat(32));
    private static final Bytes32 SET_HASH = Bytes32.fromHexString("0x" + "22".repeat(32));
    private static final Bytes SIGNATURE = Bytes.wrap(new byte[3309]).mutableCopy();

    static {
        ((org.apache.tuweni.bytes.MutableBytes) SIGNATURE).set(0, (byte) 7);
    }

    /** A log as a node returns it, with optional edits of its JSON text. */
    private static String log(long number, long blockNumber) {
        String data = BLOCK_HASH.toUnprefixedHexString() + SET_HASH.toUnprefixedHexString()
                + Bytes32.leftPad(Bytes.of(2)).toUnprefixedHexString()
                + Bytes32.leftPad(Bytes.ofUnsignedInt(128)).toUnprefixedHexString()
                + Bytes32.leftPad(Bytes.ofUnsignedInt(SIGNATURE.size())).toUnprefixedHexString()
                + SIGNATURE.toUnprefixedHexString() + "00".repeat(32 - SIGNATURE.size() % 32);
        return "{\"address\":\"" + REGISTRY.toHexString() + "\",\"blockNumber\":\"0x" + Long.toHexString(blockNumber)
                + "\",\"topics\":[\"" + CheckpointFeed.CHECKPOINT_SIGNED.toHexString() + "\",\""
                + Bytes32.leftPad(Bytes.ofUnsignedLong(number)).toHexString() + "\",\"0x" + "00".repeat(12) + "ab".repeat(20)
                + "\",\"0x" + "33".repeat(32) + "\"],\"data\":\"0x" + data + "\"}";
    }

    private static List<CheckpointFeed.Published> fetch(UnaryOperator<String> edit) throws Exception {
        try (FakeRpcServer server = new FakeRpcServer()) {
            server.method("eth_getLogs", params -> org.bcpki.core.json.Json.parse("[" + edit.apply(log(8, 9)) + "]"));
            return new CheckpointFeed(REGISTRY).fetch(JsonRpcClient.of(server.url()), 0, 20);
        }
    }

    @Test
    void decodesCheckpointSignedEvents() throws Exception {
        List<CheckpointFeed.Published> published = fetch(UnaryOperator.identity());
        assertEquals(1, published.size());
        assertEquals(8, published.get(0).number());
        assertEquals(BLOCK_HASH, published.get(0).blockHash());
        assertEquals(SET_HASH, published.get(0).validatorSetHash());
        assertArrayEquals(SIGNATURE.toArray(), published.get(0).signature().toArray());
    }

    @Test
    void malformedOrForeignLogsMakeTheEndpointALiar() {
        List<UnaryOperator<String>> edits = List.of(
                s -> s.replace(REGISTRY.toHexString(), "0x00000000000000000000000000000000000000c2"),
                s -> s.replace(CheckpointFeed.CHECKPOINT_SIGNED.toHexString(), "0x" + "44".repeat(32)),
                s -> s.replace("\"blockNumber\":\"0x9\"", "\"blockNumber\":\"0x99\""),
                s -> s.replace("0x" + "00".repeat(24) + "0000000000000008", "0x" + "01".repeat(24) + "0000000000000008"),
                s -> s.replace("0x" + "00".repeat(24) + "0000000000000008", "0x" + "00".repeat(24) + "8000000000000008"),
                s -> s.replace(Bytes32.leftPad(Bytes.ofUnsignedInt(128)).toUnprefixedHexString(),
                        Bytes32.leftPad(Bytes.ofUnsignedInt(96)).toUnprefixedHexString()),
                s -> s.replace(Bytes32.leftPad(Bytes.ofUnsignedInt(SIGNATURE.size())).toUnprefixedHexString(),
                        Bytes32.leftPad(Bytes.ofUnsignedInt(9000)).toUnprefixedHexString()),
                s -> s.substring(0, s.indexOf("\"data\":\"0x") + 20) + "\"}",
                s -> s.replace("\"topics\":[", "\"topics\":[\"0x" + "55".repeat(32) + "\","),
                s -> s.replace("\"data\":\"0x", "\"data\":\"0xzz"),
                s -> "42");
        for (UnaryOperator<String> edit : edits) {
            assertThrows(LyingEndpointException.class, () -> fetch(edit), edit.apply(log(8, 9)));
        }
    }

    @Test
    void refusesAWrongRegistryAddress() {
        assertThrows(IllegalArgumentException.class, () -> new CheckpointFeed(Bytes.fromHexString("0x12")));
        assertTrue(CheckpointFeed.CHECKPOINT_SIGNED.toHexString().startsWith("0x"));
    }
}
