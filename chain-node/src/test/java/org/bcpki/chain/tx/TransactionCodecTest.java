package org.bcpki.chain.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.chain.fuzz.RawRlp;
import org.bcpki.chain.fuzz.WireFixtures;
import org.bcpki.chain.tx.InvalidTransactionException.Reason;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/** Regression tests for what fuzzing TransactionCodec (issue #17) found or guards. */
class TransactionCodecTest {
    private static final Bytes LEGACY = WireFixtures.TRANSACTIONS.get("legacy-eip155");
    private static final Bytes EIP1559 = WireFixtures.TRANSACTIONS.get("eip1559");

    @Test
    void everyKindOfSignedTransactionDecodesWithItsExactRawFormAndSender() throws InvalidTransactionException {
        for (Map.Entry<String, Bytes> e : WireFixtures.TRANSACTIONS.entrySet()) {
            Transaction tx = TransactionCodec.decode(e.getValue());
            assertEquals(e.getValue(), tx.raw(), e.getKey());
            assertEquals(List.of(e.getValue()), WireFixtures.SIGNED_TRANSACTIONS.get(tx.from()).stream()
                    .filter(e.getValue()::equals).toList(), e.getKey());
        }
        assertEquals(2, TransactionCodec.decode(WireFixtures.TRANSACTIONS.get("eip1559-access-list")).accessList().get(0)
                .storageKeys().size());
    }

    @Test
    void aSignedTransactionInNonCanonicalRlpIsRejected() {
        Bytes typedBody = EIP1559.slice(1);
        List<Bytes> variants = List.of(
                Bytes.concatenate(LEGACY, Bytes.of(0)), // trailing byte
                RawRlp.withExtraItem(LEGACY, Bytes.of(0x80)), // extra list item
                RawRlp.withItem(LEGACY, 0, Bytes.of(0x81, 0x01)), // nonce 1 as a one-byte string
                RawRlp.withItem(LEGACY, 0, Bytes.of(0x82, 0x00, 0x01)), // nonce with a leading zero
                Bytes.concatenate(Bytes.of(2), RawRlp.withItem(typedBody, 0, Bytes.of(0x83, 0x00, 0x05, 0x39))), // chain id
                Bytes.concatenate(Bytes.of(2, 0xf9, 0x00), typedBody.slice(1))); // list length with a leading zero
        for (Bytes variant : variants) {
            InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
                    () -> TransactionCodec.decode(variant), variant.toHexString());
            assertEquals(Reason.INVALID_RLP, e.reason(), e.getMessage());
        }
    }

    @Test
    void aLegacyVThatDoesNotFitALongIsRejected() {
        List<Bytes> items = RawRlp.items(LEGACY);
        BigInteger v = RLP.decodeBigInteger(items.get(6));
        Bytes huge = RLP.encodeBigInteger(v.add(BigInteger.ONE.shiftLeft(64)));
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(RawRlp.withItem(LEGACY, 6, huge)));
        assertEquals(Reason.INVALID_SIGNATURE, e.reason(), e.getMessage());
    }

    @Test
    void anAccessListStorageKeyOfTheWrongSizeIsRejected() {
        RawTransaction tx = RawTransaction.createTransaction(WireFixtures.CHAIN_ID, BigInteger.ONE, BigInteger.valueOf(50_000),
                WireFixtures.ACCOUNTS.get(1).getAddress(), BigInteger.ZERO, "0x", BigInteger.ONE, BigInteger.TEN,
                List.of(new AccessListObject(WireFixtures.ACCOUNTS.get(1).getAddress(), List.of("0x01"))));
        Bytes raw = Bytes.wrap(TransactionEncoder.signMessage(tx, WireFixtures.ACCOUNTS.get(0)));
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> TransactionCodec.decode(raw));
        assertEquals(Reason.INVALID_RLP, e.reason(), e.getMessage());
    }

    @Test
    void aValueBeyond256BitsIsRejected() {
        RawTransaction tx = RawTransaction.createTransaction(BigInteger.ONE, BigInteger.ONE, BigInteger.valueOf(21_000),
                WireFixtures.ACCOUNTS.get(1).getAddress(), BigInteger.ONE.shiftLeft(256), "0x");
        Bytes raw = Bytes.wrap(TransactionEncoder.signMessage(tx, WireFixtures.CHAIN_ID, WireFixtures.ACCOUNTS.get(0)));
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> TransactionCodec.decode(raw));
        assertEquals(Reason.INVALID_RLP, e.reason(), e.getMessage());
    }

    /** Found by fuzzing: web3j's decoder spent 5 to 20 s on this 248-byte input (lists running past their parent). */
    @Test
    void listsThatRunPastTheirParentAreRefusedBeforeWeb3jParsesThem() throws Exception {
        Bytes raw;
        try (InputStream in = getClass().getResourceAsStream("/org/bcpki/chain/fuzz/TransactionCodecFuzzTestInputs/"
                + "acceptedTransactionsAreExactlyWhatTheirSenderSigned/slow-unit-6e18c905400422b92ba805a4dd89ab1731ce96ee")) {
            raw = Bytes.wrap(in.readAllBytes());
        }
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> TransactionCodec.decode(raw));
        assertEquals(Reason.INVALID_RLP, e.reason());
        assertTrue(e.getMessage().startsWith("malformed transaction RLP"), e.getMessage());
    }

    /** web3j's recursive decoder overflowed the stack on 30,000 nested lists (about 90 KB, under the size limit). */
    @Test
    void aTransactionOfDeeplyNestedListsIsRefusedBeforeWeb3jParsesIt() {
        Bytes raw = nestedLists(30_000);
        assertTrue(raw.size() < TransactionCodec.MAX_SIZE);
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> TransactionCodec.decode(raw));
        assertEquals(Reason.INVALID_RLP, e.reason(), e.getMessage());
    }

    /** {@code depth} lists, each holding only the next, around an empty list. */
    static Bytes nestedLists(int depth) {
        byte[] buf = new byte[depth * 4 + 1];
        int start = buf.length - 1;
        buf[start] = (byte) 0xc0;
        for (int i = 0; i < depth; i++) {
            int length = buf.length - start;
            if (length <= 55) {
                buf[--start] = (byte) (0xc0 + length);
            } else {
                int lengthBytes = 0;
                for (int l = length; l > 0; l >>= 8) {
                    buf[--start] = (byte) l;
                    lengthBytes++;
                }
                buf[--start] = (byte) (0xf7 + lengthBytes);
            }
        }
        return Bytes.wrap(buf, start, buf.length - start);
    }
}
