package org.bcpki.chain;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/** Test helpers: deterministic keys, signed transactions and the Storage test contract. */
public final class TestAccounts {
    public static final Credentials ALICE = Credentials.create("0x" + "11".repeat(32));
    public static final Credentials BOB = Credentials.create("0x" + "22".repeat(32));

    private TestAccounts() {}

    public static Bytes address(Credentials c) {
        return Bytes.fromHexString(c.getAddress());
    }

    public static String storageBytecode() {
        try (InputStream in = TestAccounts.class.getResourceAsStream("/contracts/Storage.bin")) {
            return "0x" + new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String call(String name, long... args) {
        List<org.web3j.abi.datatypes.Type> inputs = new java.util.ArrayList<>();
        for (long a : args) {
            inputs.add(new Uint256(a));
        }
        return FunctionEncoder.encode(new Function(name, inputs, List.of()));
    }

    public static Bytes legacy(Credentials c, Long chainId, long nonce, long gasPrice, long gas, String to, long value, String data) {
        RawTransaction tx = RawTransaction.createTransaction(BigInteger.valueOf(nonce), BigInteger.valueOf(gasPrice),
                BigInteger.valueOf(gas), to, BigInteger.valueOf(value), data);
        return Bytes.wrap(chainId == null ? TransactionEncoder.signMessage(tx, c) : TransactionEncoder.signMessage(tx, chainId, c));
    }

    public static Bytes eip1559(Credentials c, long chainId, long nonce, long gas, String to, long value, String data) {
        RawTransaction tx = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), BigInteger.valueOf(gas),
                to, BigInteger.valueOf(value), data, BigInteger.ZERO, BigInteger.ZERO);
        return Bytes.wrap(TransactionEncoder.signMessage(tx, c));
    }
}
