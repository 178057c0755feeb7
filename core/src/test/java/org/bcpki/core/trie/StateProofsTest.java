package org.bcpki.core.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.crypto.Keccak;
import org.junit.jupiter.api.Test;

class StateProofsTest {
    private static Bytes keccak(Bytes b) {
        return Bytes.wrap(Keccak.keccak256(b.toArrayUnsafe()));
    }

    @Test
    void provesAccountsAndStorageLikeEip1186() {
        Bytes32 slotA = Bytes32.leftPad(Bytes.of(0));
        Bytes32 slotB = Bytes32.fromHexStringLenient("0x347");
        MerklePatriciaTrie storage = new MerklePatriciaTrie();
        storage.put(keccak(slotA), RLP.encodeValue(Bytes.of(0x2a)));
        storage.put(keccak(slotB), RLP.encodeValue(Bytes.fromHexString("0x0100")));

        Bytes address = Bytes.fromHexString("0x00000000000000000000000000000000000000aa");
        AccountState account = new AccountState(1, BigInteger.TEN, storage.rootHash(), AccountState.EMPTY_CODE_HASH);
        MerklePatriciaTrie state = new MerklePatriciaTrie();
        state.put(keccak(address), account.encode());
        state.put(keccak(Bytes.fromHexString("0x00000000000000000000000000000000000000bb")),
                new AccountState(0, BigInteger.ONE, MerklePatriciaTrie.EMPTY_ROOT, AccountState.EMPTY_CODE_HASH).encode());

        Optional<AccountState> proven = StateProofs.account(state.rootHash(), address, state.proof(keccak(address)));
        assertEquals(Optional.of(account), proven);
        assertEquals(Bytes32.leftPad(Bytes.of(0x2a)),
                StateProofs.storage(account.storageRoot(), slotA, storage.proof(keccak(slotA))));
        assertEquals(Bytes32.fromHexStringLenient("0x100"),
                StateProofs.storage(account.storageRoot(), slotB, storage.proof(keccak(slotB))));
        Bytes32 empty = Bytes32.fromHexStringLenient("0x9999");
        assertEquals(Bytes32.ZERO, StateProofs.storage(account.storageRoot(), empty, storage.proof(keccak(empty))));

        Bytes stranger = Bytes.fromHexString("0x00000000000000000000000000000000000000cc");
        assertTrue(StateProofs.account(state.rootHash(), stranger, state.proof(keccak(stranger))).isEmpty());
        assertEquals(Bytes32.ZERO, StateProofs.storage(MerklePatriciaTrie.EMPTY_ROOT, slotA, List.of()));
    }

    @Test
    void claimingAbsenceOfAPresentKeyFails() {
        MerklePatriciaTrie storage = new MerklePatriciaTrie();
        Bytes32 slot = Bytes32.leftPad(Bytes.of(5));
        storage.put(keccak(slot), RLP.encodeValue(Bytes.of(7)));
        storage.put(keccak(Bytes32.leftPad(Bytes.of(6))), RLP.encodeValue(Bytes.of(8)));
        assertThrows(InvalidProofException.class, () -> StateProofs.storage(storage.rootHash(), slot, List.of()));
        assertThrows(InvalidProofException.class, () -> StateProofs.storage(storage.rootHash(), slot,
                List.of(storage.proof(keccak(slot)).get(0))));
    }

    @Test
    void accountEncodingRoundTripsAndRejectsGarbage() {
        AccountState account = new AccountState(7, new BigInteger("1000000000000000000"),
                MerklePatriciaTrie.EMPTY_ROOT, AccountState.EMPTY_CODE_HASH);
        assertEquals(account, AccountState.decode(account.encode()));
        assertThrows(IllegalArgumentException.class, () -> AccountState.decode(Bytes.of(0xc3, 1, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> AccountState.decode(account.encode().slice(0, 10)));
        assertThrows(IllegalArgumentException.class, () -> AccountState.decode(Bytes.concatenate(account.encode(), Bytes.of(0))));
    }
}
