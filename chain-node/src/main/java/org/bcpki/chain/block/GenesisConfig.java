package org.bcpki.chain.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.fixture.GenesisFixture;

/**
 * A Besu-format QBFT genesis file: chain id, forks (London and Shanghai from genesis), zero base
 * fee, the {@code qbft} section and the allocation. {@code xblockperiodmilliseconds} is Besu's
 * experimental sub-second block period; when set it overrides {@code blockperiodseconds}.
 * {@code fixture}: registry records the embedded engine adds to the genesis state ({@link GenesisFixture}).
 */
public record GenesisConfig(
        long chainId,
        long blockPeriodSeconds,
        long blockPeriodMillis,
        long epochLength,
        long requestTimeoutSeconds,
        long emptyBlockPeriodSeconds,
        long gasLimit,
        long timestamp,
        Bytes extraData,
        Map<Bytes, GenesisAccount> alloc,
        Optional<GenesisFixture> fixture) {

    public static final long DEFAULT_GAS_LIMIT = 0x1fffffffffffffL;
    private static final ObjectMapper JSON = new ObjectMapper();

    public GenesisConfig withAlloc(Map<Bytes, GenesisAccount> newAlloc) {
        return new GenesisConfig(chainId, blockPeriodSeconds, blockPeriodMillis, epochLength, requestTimeoutSeconds,
                emptyBlockPeriodSeconds, gasLimit, timestamp, extraData, newAlloc, fixture);
    }

    public GenesisConfig withFixture(Optional<GenesisFixture> newFixture) {
        return new GenesisConfig(chainId, blockPeriodSeconds, blockPeriodMillis, epochLength, requestTimeoutSeconds,
                emptyBlockPeriodSeconds, gasLimit, timestamp, extraData, alloc, newFixture);
    }

    /** The effective block period in milliseconds. */
    public long periodMillis() {
        return blockPeriodMillis > 0 ? blockPeriodMillis : blockPeriodSeconds * 1000;
    }

    public static GenesisConfig read(Path file) throws IOException {
        return parse(JSON.readTree(file.toFile()));
    }

    public static GenesisConfig parse(JsonNode root) {
        JsonNode config = root.path("config");
        JsonNode qbft = config.path("qbft");
        if (qbft.isMissingNode()) {
            throw new IllegalArgumentException("genesis has no config.qbft section: only QBFT networks are supported");
        }
        if (!config.path("zeroBaseFee").asBoolean(false)) {
            throw new IllegalArgumentException("genesis must set config.zeroBaseFee: true (free-gas consortium)");
        }
        Map<Bytes, GenesisAccount> alloc = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("alloc").properties()) {
            String key = e.getKey().startsWith("0x") ? e.getKey() : "0x" + e.getKey();
            JsonNode account = e.getValue();
            Map<Bytes32, Bytes32> storage = new LinkedHashMap<>();
            account.path("storage").properties().forEach(s ->
                    storage.put(Bytes32.fromHexStringLenient(s.getKey()), Bytes32.fromHexStringLenient(s.getValue().asText())));
            alloc.put(Bytes.fromHexString(key), new GenesisAccount(number(account.path("balance"), BigInteger.ZERO),
                    number(account.path("nonce"), BigInteger.ZERO).longValueExact(),
                    account.has("code") ? Bytes.fromHexString(account.get("code").asText()) : Bytes.EMPTY, storage));
        }
        return new GenesisConfig(
                config.path("chainId").asLong(),
                qbft.path("blockperiodseconds").asLong(1),
                qbft.path("xblockperiodmilliseconds").asLong(0),
                qbft.path("epochlength").asLong(30000),
                qbft.path("requesttimeoutseconds").asLong(1),
                qbft.path("emptyblockperiodseconds").asLong(0),
                number(root.path("gasLimit"), BigInteger.valueOf(DEFAULT_GAS_LIMIT)).longValueExact(),
                number(root.path("timestamp"), BigInteger.ZERO).longValueExact(),
                Bytes.fromHexString(root.path("extraData").asText("0x")),
                alloc,
                root.has(GenesisFixture.JSON_KEY) ? Optional.of(GenesisFixture.parse(root.get(GenesisFixture.JSON_KEY)))
                        : Optional.empty());
    }

    /** The genesis file as Besu reads it. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode config = root.putObject("config");
        config.put("chainId", chainId);
        for (String fork : new String[] {"homesteadBlock", "eip150Block", "eip155Block", "eip158Block",
                "byzantiumBlock", "constantinopleBlock", "petersburgBlock", "istanbulBlock", "muirGlacierBlock",
                "berlinBlock", "londonBlock"}) {
            config.put(fork, 0);
        }
        config.put("shanghaiTime", 0);
        config.put("zeroBaseFee", true);
        ObjectNode qbft = config.putObject("qbft");
        qbft.put("blockperiodseconds", blockPeriodSeconds);
        if (blockPeriodMillis > 0) {
            qbft.put("xblockperiodmilliseconds", blockPeriodMillis);
        }
        qbft.put("epochlength", epochLength);
        qbft.put("requesttimeoutseconds", requestTimeoutSeconds);
        qbft.put("emptyblockperiodseconds", emptyBlockPeriodSeconds);
        root.put("nonce", "0x0");
        root.put("timestamp", "0x" + Long.toHexString(timestamp));
        root.put("gasLimit", "0x" + Long.toHexString(gasLimit));
        root.put("difficulty", "0x1");
        root.put("baseFeePerGas", "0x0");
        root.put("mixHash", "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365");
        root.put("coinbase", "0x0000000000000000000000000000000000000000");
        root.put("extraData", extraData.toHexString());
        ObjectNode allocNode = root.putObject("alloc");
        alloc.forEach((address, account) -> {
            ObjectNode a = allocNode.putObject(address.toUnprefixedHexString());
            a.put("balance", "0x" + account.balance().toString(16));
            if (account.nonce() != 0) {
                a.put("nonce", "0x" + Long.toHexString(account.nonce()));
            }
            if (!account.code().isEmpty()) {
                a.put("code", account.code().toHexString());
            }
            if (!account.storage().isEmpty()) {
                ObjectNode s = a.putObject("storage");
                account.storage().forEach((k, v) -> s.put(k.toHexString(), v.toHexString()));
            }
        });
        fixture.ifPresent(f -> root.set(GenesisFixture.JSON_KEY, f.toJson()));
        return root;
    }

    private static BigInteger number(JsonNode node, BigInteger absent) {
        if (node.isMissingNode() || node.isNull()) {
            return absent;
        }
        if (node.isNumber()) {
            return node.bigIntegerValue();
        }
        String text = node.asText();
        return text.startsWith("0x") || text.startsWith("0X") ? new BigInteger(text.substring(2).isEmpty() ? "0" : text.substring(2), 16)
                : new BigInteger(text);
    }
}
