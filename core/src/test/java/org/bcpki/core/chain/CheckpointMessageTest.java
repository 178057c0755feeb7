package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;
import org.junit.jupiter.api.Test;

class CheckpointMessageTest {
    private static final Address V1 = Address.fromHex("0x1000000000000000000000000000000000000001");
    private static final Address V2 = Address.fromHex("0x2000000000000000000000000000000000000002");

    @Test
    void theSignedMessageIsTheDocumented104Bytes() {
        CheckpointMessage message = new CheckpointMessage(1337, 1000, Bytes32.fromHexString("0x" + "ab".repeat(32)),
                Bytes32.fromHexString("0x" + "cd".repeat(32)));
        String hex = HexFormat.of().formatHex(message.signedBytes());
        assertEquals(2 * 104, hex.length());
        assertEquals(HexFormat.of().formatHex("bcpki/qbft-checkpoint/v1".getBytes(StandardCharsets.US_ASCII))
                + "0000000000000539" + "00000000000003e8" + "ab".repeat(32) + "cd".repeat(32), hex);
    }

    @Test
    void theValidatorSetHashesTheSortedAddressesAndRefusesAnyOtherOrder() {
        byte[] both = new byte[40];
        System.arraycopy(V1.value().toArrayUnsafe(), 0, both, 0, 20);
        System.arraycopy(V2.value().toArrayUnsafe(), 0, both, 20, 20);
        assertArrayEquals(Keccak.keccak256(both), CheckpointMessage.validatorSetHash(List.of(V1, V2)).toArrayUnsafe());
        // one definition for signer and verifier: an unsorted or repeated set is refused, never re-sorted
        assertThrows(IllegalArgumentException.class, () -> CheckpointMessage.validatorSetHash(List.of(V2, V1)));
        assertThrows(IllegalArgumentException.class, () -> CheckpointMessage.validatorSetHash(List.of(V1, V1)));
        assertThrows(IllegalArgumentException.class, () -> new CheckpointMessage(-1, 0, Bytes32.ZERO, Bytes32.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new CheckpointMessage(1, 0, null, Bytes32.ZERO));
    }

    @Test
    void aSealedHeadersCheckpointNamesItsHashAndTheValidatorsOfItsExtraData() {
        QbftTestChain chain = QbftTestChain.create(4).mineEmpty(3);
        BlockHeader header = chain.head();
        List<Address> validators = new ArrayList<>(chain.validatorKeys().stream().map(NodeKey::address).toList());
        validators.sort(null);
        CheckpointMessage message = CheckpointMessage.of(1337, header);
        assertEquals(new CheckpointMessage(1337, header.number(), BftHashing.blockHash(header),
                CheckpointMessage.validatorSetHash(validators)), message);
    }
}
