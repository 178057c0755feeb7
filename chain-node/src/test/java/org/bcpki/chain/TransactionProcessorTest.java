package org.bcpki.chain;

import static org.bcpki.chain.TestAccounts.ALICE;
import static org.bcpki.chain.TestAccounts.BOB;
import static org.bcpki.chain.TestAccounts.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.horizen.evm.MemoryDatabase;
import io.horizen.evm.StateDB;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.exec.AccountPermissions;
import org.bcpki.chain.exec.BlockEnv;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.exec.Gas;
import org.bcpki.chain.exec.TransactionProcessor;
import org.bcpki.chain.exec.TxResult;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.InvalidTransactionException.Reason;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionCodec;
import org.bcpki.core.crypto.Keccak;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionProcessorTest {
    private static final long CHAIN = 1337;
    private static final Bytes COINBASE = Bytes.fromHexString("0x00000000000000000000000000000000000000cb");
    private static final BlockEnv ENV = new BlockEnv(CHAIN, COINBASE, 30_000_000, 1, 1000, BigInteger.ZERO, n -> null);

    private MemoryDatabase db;
    private StateDB state;
    private final TransactionProcessor processor = new TransactionProcessor(CHAIN, AccountPermissions.OPEN);

    @BeforeEach
    void setUp() {
        db = new MemoryDatabase();
        state = new StateDB(db, StateDB.EMPTY_ROOT_HASH);
        state.addBalance(EvmTypes.address(address(ALICE)), BigInteger.TEN.pow(21));
    }

    @AfterEach
    void tearDown() throws Exception {
        state.close();
        db.close();
    }

    private TxResult run(Bytes raw, int index) throws InvalidTransactionException {
        return processor.execute(state, TransactionCodec.decode(raw), index, ENV);
    }

    @Test
    void deploysStoresEmitsAndRevertsWithReason() throws Exception {
        TxResult deploy = run(TestAccounts.legacy(ALICE, CHAIN, 0, 0, 500_000, null, 0, TestAccounts.storageBytecode()), 0);
        assertTrue(deploy.success(), deploy.error());
        Bytes contract = deploy.contractAddress().orElseThrow();
        assertEquals(EvmTypes.contractAddress(address(ALICE), 0), contract);
        assertEquals(BigInteger.ONE, state.getNonce(EvmTypes.address(address(ALICE))));
        assertTrue(state.getCode(EvmTypes.address(contract)).length > 100);
        assertTrue(deploy.gasUsed() > Gas.TX_CREATE);

        TxResult store = run(TestAccounts.eip1559(ALICE, CHAIN, 1, 100_000, contract.toHexString(), 0, TestAccounts.call("store", 7)), 1);
        assertTrue(store.success(), store.error());
        assertEquals(1, store.logs().size());
        assertEquals(Bytes32.leftPad(address(ALICE)), store.logs().get(0).topics().get(1));
        assertEquals(Bytes32.leftPad(Bytes.of(7)),
                EvmTypes.bytes32(state.getStorage(EvmTypes.address(contract), EvmTypes.hash(Bytes32.ZERO))));

        TxResult unlucky = run(TestAccounts.legacy(ALICE, CHAIN, 2, 0, 100_000, contract.toHexString(), 0, TestAccounts.call("store", 13)), 2);
        assertFalse(unlucky.success());
        assertTrue(unlucky.reverted());
        assertEquals("0x08c379a0", unlucky.returnData().slice(0, 4).toHexString());
        assertTrue(new String(unlucky.returnData().toArrayUnsafe(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("unlucky number"));
        assertTrue(unlucky.gasUsed() < 100_000, "a revert returns the unused gas");
        assertEquals(BigInteger.valueOf(3), state.getNonce(EvmTypes.address(address(ALICE))), "failed transactions still use their nonce");

        // clearing a slot earns a refund, capped at a fifth of the gas used
        TxResult clear = run(TestAccounts.legacy(ALICE, CHAIN, 3, 0, 100_000, contract.toHexString(), 0, TestAccounts.call("clear")), 3);
        assertTrue(clear.success());
        assertTrue(clear.gasUsed() < Gas.TX + 5000, "refund applied: " + clear.gasUsed());
    }

    @Test
    void contractAddressFollowsTheSendersNonce() throws Exception {
        run(TestAccounts.legacy(ALICE, CHAIN, 0, 0, 21_000, BOB.getAddress(), 1, "0x"), 0);
        run(TestAccounts.legacy(ALICE, CHAIN, 1, 0, 21_000, BOB.getAddress(), 1, "0x"), 1);
        TxResult deploy = run(TestAccounts.legacy(ALICE, CHAIN, 2, 0, 500_000, null, 0, TestAccounts.storageBytecode()), 2);
        Bytes expected = EvmTypes.contractAddress(address(ALICE), 2);
        assertEquals(expected, deploy.contractAddress().orElseThrow());
        assertTrue(state.getCode(EvmTypes.address(expected)).length > 100);
        TxResult store = run(TestAccounts.legacy(ALICE, CHAIN, 3, 0, 100_000, expected.toHexString(), 0, TestAccounts.call("store", 5)), 3);
        assertEquals(1, store.logs().size());
    }

    @Test
    void chargesGasAtItsPriceAndPaysTheCoinbase() throws Exception {
        Bytes raw = TestAccounts.legacy(ALICE, CHAIN, 0, 10, 50_000, BOB.getAddress(), 1234, "0x");
        BigInteger before = state.getBalance(EvmTypes.address(address(ALICE)));
        TxResult transfer = run(raw, 0);
        assertEquals(Gas.TX, transfer.gasUsed());
        assertEquals(BigInteger.valueOf(1234), state.getBalance(EvmTypes.address(address(BOB))));
        assertEquals(before.subtract(BigInteger.valueOf(1234 + 10 * Gas.TX)), state.getBalance(EvmTypes.address(address(ALICE))));
        assertEquals(BigInteger.valueOf(10 * Gas.TX), state.getBalance(EvmTypes.address(COINBASE)));
    }

    @Test
    void acceptsUnprotectedLegacyTransactions() throws Exception {
        Transaction tx = TransactionCodec.decode(TestAccounts.legacy(ALICE, null, 0, 0, 21_000, BOB.getAddress(), 1, "0x"));
        assertEquals(Optional.empty(), tx.chainId());
        assertEquals(address(ALICE), tx.from());
        assertEquals(Bytes32.wrap(Keccak.keccak256(tx.raw().toArray())), tx.hash());
        assertTrue(processor.execute(state, tx, 0, ENV).success());
    }

    @Test
    void rejectsInvalidTransactionsWithoutTouchingState() throws Exception {
        run(TestAccounts.legacy(ALICE, CHAIN, 0, 0, 21_000, BOB.getAddress(), 1, "0x"), 0);
        Bytes32 root = EvmTypes.bytes32(state.getIntermediateRoot());
        assertReason(Reason.NONCE_TOO_LOW, TestAccounts.legacy(ALICE, CHAIN, 0, 0, 21_000, BOB.getAddress(), 1, "0x"));
        assertReason(Reason.NONCE_TOO_HIGH, TestAccounts.legacy(ALICE, CHAIN, 5, 0, 21_000, BOB.getAddress(), 1, "0x"));
        assertReason(Reason.WRONG_CHAIN_ID, TestAccounts.legacy(ALICE, 1L, 1, 0, 21_000, BOB.getAddress(), 1, "0x"));
        assertReason(Reason.INTRINSIC_GAS_EXCEEDS_GAS_LIMIT, TestAccounts.legacy(ALICE, CHAIN, 1, 0, 21_000, BOB.getAddress(), 0, "0x01"));
        assertReason(Reason.INTRINSIC_GAS_EXCEEDS_GAS_LIMIT, TestAccounts.legacy(ALICE, CHAIN, 1, 0, 53_000, null, 0, "0x00"));
        assertReason(Reason.EXCEEDS_BLOCK_GAS_LIMIT, TestAccounts.legacy(ALICE, CHAIN, 1, 0, 40_000_000, BOB.getAddress(), 0, "0x"));
        assertReason(Reason.UPFRONT_COST_EXCEEDS_BALANCE, TestAccounts.legacy(BOB, CHAIN, 0, 0, 21_000, ALICE.getAddress(), 5, "0x"));
        assertReason(Reason.UPFRONT_COST_EXCEEDS_BALANCE, TestAccounts.legacy(ALICE, CHAIN, 1, 100_000_000_000_000_000L, 21_000, BOB.getAddress(), 0, "0x"));
        assertEquals(root, EvmTypes.bytes32(state.getIntermediateRoot()));

        TransactionProcessor restricted = new TransactionProcessor(CHAIN, new AccountPermissions(true, Set.of(address(BOB))));
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> restricted.execute(state,
                TransactionCodec.decode(TestAccounts.legacy(ALICE, CHAIN, 1, 0, 21_000, BOB.getAddress(), 1, "0x")), 0, ENV));
        assertEquals(Reason.SENDER_NOT_ALLOWED, e.reason());
    }

    @Test
    void rejectsMalformedEncodings() {
        Bytes good = TestAccounts.legacy(ALICE, CHAIN, 0, 0, 21_000, BOB.getAddress(), 1, "0x");
        assertEquals(Reason.INVALID_RLP, assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(good.slice(0, good.size() - 5))).reason());
        assertEquals(Reason.INVALID_RLP, assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(Bytes.EMPTY)).reason());
        assertEquals(Reason.UNSUPPORTED_TYPE, assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(Bytes.fromHexString("0x05c0"))).reason());
        assertThrows(InvalidTransactionException.class, () -> TransactionCodec.decode(Bytes.fromHexString("0xdeadbeef")));
    }

    private void assertReason(Reason expected, Bytes raw) {
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> run(raw, 1));
        assertEquals(expected, e.reason(), e.getMessage());
    }
}
