package org.bcpki.cli.explorer;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.contracts.OnChainRequest;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.generated.IdentityRegistry;
import org.bcpki.core.chain.Address;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tuples.generated.Tuple10;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/** Read-only access to the IdentityRegistry: its logs (eth_getLogs) and its state (eth_call). */
final class RegistryReader {
    /** Below every node's log-range limit (Besu and the embedded node: 5000 blocks). */
    static final long LOG_CHUNK = 1000;

    private final Web3j web3j;
    private final Address address;
    private final RegistryClient client;
    private final IdentityRegistry contract;
    private final Map<String, String> authorityNames = new HashMap<>();

    RegistryReader(Web3j web3j, Address address) {
        this.web3j = web3j;
        this.address = address;
        this.client = RegistryClient.readOnly(web3j, address);
        this.contract = IdentityRegistry.load(address.toHex(), web3j,
                new ReadonlyTransactionManager(web3j, "0x0000000000000000000000000000000000000000"),
                new StaticGasProvider(BigInteger.ZERO, RegistryClient.CALL_GAS_LIMIT));
    }

    Address address() {
        return address;
    }

    /** The registry's events in blocks {@code from..to}, in chain order, read in chunks the node accepts. */
    List<RegistryEvent> events(long from, long to) throws IOException {
        List<RegistryEvent> events = new ArrayList<>();
        for (long start = from; start <= to; start += LOG_CHUNK) {
            long end = Math.min(to, start + LOG_CHUNK - 1);
            EthLog answer = web3j.ethGetLogs(new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(start)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(end)), address.toHex())).send();
            if (answer.hasError()) {
                throw new IOException("eth_getLogs " + start + ".." + end + ": " + answer.getError().getMessage());
            }
            for (EthLog.LogResult<?> result : answer.getLogs()) {
                if (result.get() instanceof Log log) {
                    events.add(RegistryLogDecoder.decode(log));
                }
            }
        }
        return events;
    }

    GrantRecord grant(String subjectIdHex) throws IOException {
        return client.grant(SubjectId.ofHex(subjectIdHex));
    }

    OnChainRequest request(String requestIdHex) throws IOException {
        return client.request(Hex.bytes(requestIdHex, 32, "request id"));
    }

    Views.Proposal proposal(long id, long block) throws IOException {
        Tuple10<BigInteger, Boolean, BigInteger, String, BigInteger, BigInteger, BigInteger, BigInteger, String, BigInteger> p =
                call(contract.proposals(BigInteger.valueOf(id)));
        return new Views.Proposal(id, RegistryLogDecoder.Names.proposalKind(p.component1().intValue()), p.component2(),
                Long.bitCount(p.component3().longValue()), p.component4(), p.component9(), block);
    }

    /** An authority's name as the registry records it, or its address when it has none; cached. */
    String authorityName(String account) throws IOException {
        String key = account.toLowerCase(java.util.Locale.ROOT);
        String name = authorityNames.get(key);
        if (name == null) {
            String recorded = call(contract.authorities(account)).component4();
            name = recorded == null || recorded.isEmpty() ? account : recorded;
            authorityNames.put(key, name);
        }
        return name;
    }

    /** Governance may rename or replace authorities. */
    void forgetAuthorityNames() {
        authorityNames.clear();
    }

    private static <T> T call(org.web3j.protocol.core.RemoteFunctionCall<T> call) throws IOException {
        try {
            return call.send();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
