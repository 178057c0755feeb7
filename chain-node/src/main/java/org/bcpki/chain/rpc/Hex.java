package org.bcpki.chain.rpc;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;

/** JSON-RPC hex encodings: quantities without leading zeros, data as full bytes. */
public final class Hex {
    private Hex() {}

    public static String quantity(long value) {
        return "0x" + Long.toHexString(value);
    }

    public static String quantity(BigInteger value) {
        return "0x" + value.toString(16);
    }

    public static String data(Bytes bytes) {
        return bytes.toHexString();
    }
}
