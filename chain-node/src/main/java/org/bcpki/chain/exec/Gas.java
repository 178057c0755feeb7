package org.bcpki.chain.exec;

import org.bcpki.chain.tx.Transaction;

/** Gas constants and the intrinsic gas of a transaction (Shanghai rules). */
public final class Gas {
    public static final long TX = 21_000;
    public static final long TX_CREATE = 53_000;
    public static final long ZERO_BYTE = 4;
    public static final long NON_ZERO_BYTE = 16;
    public static final long INITCODE_WORD = 2;
    public static final long ACCESS_LIST_ADDRESS = 2_400;
    public static final long ACCESS_LIST_SLOT = 1_900;
    public static final int MAX_INITCODE_SIZE = 2 * 24_576;
    /** EIP-3529: at most a fifth of the gas used is refunded. */
    public static final long MAX_REFUND_QUOTIENT = 5;

    private Gas() {}

    public static long intrinsic(Transaction tx) {
        return intrinsic(tx.data().toArrayUnsafe(), tx.isContractCreation(), tx.accessList());
    }

    public static long intrinsic(byte[] data, boolean create, java.util.List<Transaction.AccessListEntry> accessList) {
        long gas = create ? TX_CREATE : TX;
        for (byte b : data) {
            gas += b == 0 ? ZERO_BYTE : NON_ZERO_BYTE;
        }
        if (create) {
            gas += INITCODE_WORD * ((data.length + 31L) / 32);
        }
        for (Transaction.AccessListEntry entry : accessList) {
            gas += ACCESS_LIST_ADDRESS + ACCESS_LIST_SLOT * entry.storageKeys().size();
        }
        return gas;
    }
}
