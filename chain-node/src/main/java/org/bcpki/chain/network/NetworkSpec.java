package org.bcpki.chain.network;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.GenesisAccount;
import org.bcpki.chain.block.GenesisConfig;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;

/**
 * Everything that defines a consortium network, independent of the engine that runs it: the
 * embedded network writes its files from it ({@link NetworkFiles}), and Besu configs or a
 * docker-compose file can be generated from the same record.
 *
 * @param blockPeriodMillis sub-second block period (Besu's experimental
 *     {@code xblockperiodmilliseconds}); 0 uses {@code blockPeriodSeconds}
 * @param requestTimeoutMillis round timeout base for the embedded engine (tests); 0 uses {@code requestTimeoutSeconds}
 * @param accountsAllowlist when non-empty, only these senders may submit transactions ({@link #generate}
 *     lists the dev accounts: Besu's accounts permissioning, on by default)
 * @param emptyBlockPeriodSeconds Besu's {@code emptyblockperiodseconds}: the proposer holds an empty
 *     block until this long after its parent; 0 (the default) produces one every period
 */
public record NetworkSpec(
        long chainId,
        long blockPeriodSeconds,
        long blockPeriodMillis,
        long epochLength,
        long requestTimeoutSeconds,
        long requestTimeoutMillis,
        long gasLimit,
        long genesisTimestamp,
        List<NodeSpec> nodes,
        List<DevAccount> devAccounts,
        List<Address> accountsAllowlist,
        long emptyBlockPeriodSeconds) {

    public static final BigInteger DEV_BALANCE = BigInteger.TEN.pow(24);
    public static final String ENGINE_EMBEDDED = "embedded";

    public NetworkSpec {
        nodes = List.copyOf(nodes);
        devAccounts = List.copyOf(devAccounts);
        accountsAllowlist = List.copyOf(accountsAllowlist);
        if (nodes.stream().map(NodeSpec::name).distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("node names must be unique");
        }
        if (nodes.stream().noneMatch(NodeSpec::genesisValidator)) {
            throw new IllegalArgumentException("a network needs at least one genesis validator");
        }
        if (emptyBlockPeriodSeconds < 0) {
            throw new IllegalArgumentException("the empty block period must be 0 (off) or more seconds");
        }
    }

    /** A network without an empty block period. */
    public NetworkSpec(long chainId, long blockPeriodSeconds, long blockPeriodMillis, long epochLength, long requestTimeoutSeconds,
            long requestTimeoutMillis, long gasLimit, long genesisTimestamp, List<NodeSpec> nodes, List<DevAccount> devAccounts,
            List<Address> accountsAllowlist) {
        this(chainId, blockPeriodSeconds, blockPeriodMillis, epochLength, requestTimeoutSeconds, requestTimeoutMillis, gasLimit,
                genesisTimestamp, nodes, devAccounts, accountsAllowlist, 0);
    }

    /**
     * A fresh network: {@code validator-1..N} and {@code mirror-1..M} on 127.0.0.1 with new keys
     * and ports from {@code ports}, plus {@code devAccounts} funded accounts.
     */
    public static NetworkSpec generate(int validators, int mirrors, long blockPeriodSeconds, long chainId,
            int devAccounts, SecureRandom random, IntSupplier ports) {
        if (validators < 1 || mirrors < 0) {
            throw new IllegalArgumentException("need at least 1 validator and 0 or more mirrors");
        }
        if (blockPeriodSeconds < 1) {
            throw new IllegalArgumentException("--block-period must be at least 1 second");
        }
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        IntSupplier unique = () -> {
            int port;
            do {
                port = ports.getAsInt();
            } while (!taken.add(port));
            return port;
        };
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 1; i <= validators; i++) {
            nodes.add(new NodeSpec("validator-" + i, NodeRole.VALIDATOR, randomKey(random), "127.0.0.1",
                    unique.getAsInt(), unique.getAsInt(), true));
        }
        for (int i = 1; i <= mirrors; i++) {
            nodes.add(new NodeSpec("mirror-" + i, NodeRole.MIRROR, randomKey(random), "127.0.0.1",
                    unique.getAsInt(), unique.getAsInt(), false));
        }
        // metrics ports come after every rpc/p2p port, so those stay what they were before metrics existed
        nodes.replaceAll(n -> n.withMetricsPort(unique.getAsInt()));
        List<DevAccount> accounts = new ArrayList<>();
        for (int i = 0; i < devAccounts; i++) {
            accounts.add(new DevAccount(randomKey(random), DEV_BALANCE));
        }
        // only accounts with a role (the dev accounts deployer, authorities, registrars and enrollers use) may transact
        List<Address> roleAccounts = accounts.stream().map(DevAccount::address).toList();
        // a round must outlast building and verifying a full block on a busy machine: Besu samples use 2 x period
        return new NetworkSpec(chainId, blockPeriodSeconds, 0, 30_000, 2 * blockPeriodSeconds, 0, GenesisConfig.DEFAULT_GAS_LIMIT,
                System.currentTimeMillis() / 1000, nodes, accounts, roleAccounts);
    }

    private static Bytes32 randomKey(SecureRandom random) {
        // NodeKey.fromPrivateKey rejects 0 and values >= n; retry in that (astronomically rare) case
        while (true) {
            Bytes32 candidate = Bytes32.random(random);
            try {
                org.bcpki.core.chain.NodeKey.fromPrivateKey(candidate);
                return candidate;
            } catch (IllegalArgumentException e) {
                // try again
            }
        }
    }

    public NetworkSpec withBlockPeriodMillis(long millis) {
        return new NetworkSpec(chainId, blockPeriodSeconds, millis, epochLength, requestTimeoutSeconds,
                requestTimeoutMillis, gasLimit, genesisTimestamp, nodes, devAccounts, accountsAllowlist, emptyBlockPeriodSeconds);
    }

    public NetworkSpec withRequestTimeoutMillis(long millis) {
        return new NetworkSpec(chainId, blockPeriodSeconds, blockPeriodMillis, epochLength, requestTimeoutSeconds,
                millis, gasLimit, genesisTimestamp, nodes, devAccounts, accountsAllowlist, emptyBlockPeriodSeconds);
    }

    public NetworkSpec withEpochLength(long blocks) {
        return new NetworkSpec(chainId, blockPeriodSeconds, blockPeriodMillis, blocks, requestTimeoutSeconds,
                requestTimeoutMillis, gasLimit, genesisTimestamp, nodes, devAccounts, accountsAllowlist, emptyBlockPeriodSeconds);
    }

    public NetworkSpec withEmptyBlockPeriodSeconds(long seconds) {
        return new NetworkSpec(chainId, blockPeriodSeconds, blockPeriodMillis, epochLength, requestTimeoutSeconds,
                requestTimeoutMillis, gasLimit, genesisTimestamp, nodes, devAccounts, accountsAllowlist, seconds);
    }

    public NetworkSpec withNodes(List<NodeSpec> newNodes) {
        return new NetworkSpec(chainId, blockPeriodSeconds, blockPeriodMillis, epochLength, requestTimeoutSeconds,
                requestTimeoutMillis, gasLimit, genesisTimestamp, newNodes, devAccounts, accountsAllowlist, emptyBlockPeriodSeconds);
    }

    public NetworkSpec withAccountsAllowlist(List<Address> allowed) {
        return new NetworkSpec(chainId, blockPeriodSeconds, blockPeriodMillis, epochLength, requestTimeoutSeconds,
                requestTimeoutMillis, gasLimit, genesisTimestamp, nodes, devAccounts, allowed, emptyBlockPeriodSeconds);
    }

    /**
     * The same network with nodes spread over {@code hosts} in order (node i on host i mod
     * hosts.size()): the host is what peers dial, so it appears in every enode URL. Ports stay
     * unique network-wide, so two nodes may share a host.
     */
    public NetworkSpec withHosts(List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("--hosts needs at least one host");
        }
        for (String host : hosts) {
            if (!host.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
                throw new IllegalArgumentException("not a host name or IPv4 address: '" + host + "'");
            }
        }
        List<NodeSpec> placed = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec n = nodes.get(i);
            placed.add(new NodeSpec(n.name(), n.role(), n.privateKey(), hosts.get(i % hosts.size()), n.rpcPort(),
                    n.p2pPort(), n.genesisValidator(), n.metricsPort()));
        }
        return withNodes(placed);
    }

    public long effectiveRequestTimeoutMillis() {
        return requestTimeoutMillis > 0 ? requestTimeoutMillis : requestTimeoutSeconds * 1000;
    }

    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The genesis validators, sorted as extraData lists them. */
    public List<Address> genesisValidators() {
        return nodes.stream().filter(NodeSpec::genesisValidator).map(n -> n.key().address()).sorted().toList();
    }

    /** The Besu-format genesis: QBFT, London and Shanghai from block 0, zero base fee, funded dev accounts. */
    public GenesisConfig genesis() {
        Bytes extraData = QbftExtraDataCodec.encode(QbftExtraData.genesis(genesisValidators()));
        java.util.Map<Bytes, GenesisAccount> alloc = new java.util.TreeMap<>();
        devAccounts.forEach(a -> alloc.put(a.address().value(), GenesisAccount.funded(a.balance())));
        return new GenesisConfig(chainId, blockPeriodSeconds, blockPeriodMillis, epochLength, requestTimeoutSeconds,
                emptyBlockPeriodSeconds, gasLimit, genesisTimestamp, extraData, alloc, java.util.Optional.empty());
    }
}
