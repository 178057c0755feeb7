package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Positional JSON-RPC parameters with strict, Besu-style validation of each kind of value. */
public final class Params {
    private static final Pattern HEX_DATA = Pattern.compile("0x([0-9a-fA-F]{2})*");

    private final JsonNode array;
    private final RequestMeter meter;

    public Params(JsonNode array) {
        this(array, new RequestMeter());
    }

    /** Params of one call of a request whose calls share {@code meter}. */
    public Params(JsonNode array, RequestMeter meter) {
        this.array = array;
        this.meter = meter;
    }

    /** The EVM work of the request this call belongs to (shared by every call of a batch). */
    public RequestMeter meter() {
        return meter;
    }

    public int size() {
        return array == null ? 0 : array.size();
    }

    public Optional<JsonNode> optional(int index) {
        if (index >= size() || array.get(index).isNull()) {
            return Optional.empty();
        }
        return Optional.of(array.get(index));
    }

    public JsonNode required(int index, String what) throws RpcException {
        return optional(index).orElseThrow(() -> RpcException.invalidParams("Invalid " + what + " params"));
    }

    public Bytes address(int index) throws RpcException {
        return address(required(index, "address"), "address");
    }

    public Bytes32 hash(int index, String what) throws RpcException {
        return hash(required(index, what), what);
    }

    public Bytes data(int index, String what) throws RpcException {
        return data(required(index, what), what);
    }

    public BlockParameter block(int index) throws RpcException {
        Optional<JsonNode> node = optional(index);
        return node.isEmpty() ? BlockParameter.LATEST : block(node.get());
    }

    public boolean bool(int index, boolean absent) throws RpcException {
        Optional<JsonNode> node = optional(index);
        if (node.isEmpty()) {
            return absent;
        }
        if (!node.get().isBoolean()) {
            throw RpcException.invalidParams("Invalid return complete transaction params");
        }
        return node.get().booleanValue();
    }

    public static Bytes address(JsonNode node, String what) throws RpcException {
        Bytes bytes = data(node, what);
        if (bytes.size() != 20) {
            throw RpcException.invalidParams("Invalid " + what + " params");
        }
        return bytes;
    }

    public static Bytes32 hash(JsonNode node, String what) throws RpcException {
        Bytes bytes = data(node, what);
        if (bytes.size() != 32) {
            throw RpcException.invalidParams("Invalid " + what + " params");
        }
        return Bytes32.wrap(bytes);
    }

    public static Bytes data(JsonNode node, String what) throws RpcException {
        if (node == null || !node.isTextual() || !HEX_DATA.matcher(node.textValue()).matches()) {
            throw RpcException.invalidParams("Invalid " + what + " params");
        }
        return Bytes.fromHexString(node.textValue());
    }

    /** A hex quantity ("0x1a"); leading zeros are tolerated as web3 libraries send them. */
    public static BigInteger quantity(JsonNode node, String what) throws RpcException {
        if (node != null && node.isTextual()) {
            String text = node.textValue();
            if (text.startsWith("0x") && text.length() > 2 && text.length() <= 66
                    && text.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return new BigInteger(text.substring(2), 16);
            }
        }
        if (node != null && node.isIntegralNumber() && node.bigIntegerValue().signum() >= 0) {
            return node.bigIntegerValue();
        }
        throw RpcException.invalidParams("Invalid " + what + " params");
    }

    public static long longQuantity(JsonNode node, String what) throws RpcException {
        BigInteger value = quantity(node, what);
        if (value.bitLength() > 63) {
            throw RpcException.invalidParams("Invalid " + what + " params");
        }
        return value.longValue();
    }

    public static BlockParameter block(JsonNode node) throws RpcException {
        if (node.isObject()) {
            if (node.has("blockHash")) {
                return new BlockParameter.Hash(hash(node.get("blockHash"), "block hash"));
            }
            if (node.has("blockNumber")) {
                return block(node.get("blockNumber"));
            }
            throw RpcException.invalidParams("Invalid block param (block not found)");
        }
        if (!node.isTextual()) {
            throw RpcException.invalidParams("Invalid block number params");
        }
        String text = node.textValue();
        return switch (text) {
            case "latest" -> BlockParameter.LATEST;
            // QBFT has no safe or finalized head in Besu's sense: Besu answers -39001 for both
            case "safe", "finalized" -> throw RpcException.unknownBlock();
            case "earliest" -> new BlockParameter.Earliest();
            case "pending" -> new BlockParameter.Pending();
            default -> {
                if (text.length() == 66) {
                    yield new BlockParameter.Hash(hash(node, "block hash"));
                }
                yield new BlockParameter.Number(longQuantity(node, "block number"));
            }
        };
    }

    public List<Bytes32> hashList(int index, String what) throws RpcException {
        JsonNode node = required(index, what);
        if (!node.isArray()) {
            throw RpcException.invalidParams("Invalid " + what + " params");
        }
        List<Bytes32> hashes = new ArrayList<>();
        for (JsonNode item : node) {
            hashes.add(slot(item, what));
        }
        return hashes;
    }

    /** A storage slot: any 256-bit quantity ("0x0", "0x0000...01"). */
    public static Bytes32 slot(JsonNode node, String what) throws RpcException {
        BigInteger value = quantity(node, what);
        if (value.bitLength() > 256) {
            throw RpcException.invalidParams("Invalid " + what + " params");
        }
        return Bytes32.leftPad(Bytes.wrap(value.toByteArray()).trimLeadingZeros());
    }
}
