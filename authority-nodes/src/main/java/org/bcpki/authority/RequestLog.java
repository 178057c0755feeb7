package org.bcpki.authority;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.contracts.generated.IdentityRegistry;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.SubjectId;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The registry requests filed for a subject, newest first, from the registry's GrantRequested logs
 * (topic 2 is the subject id). The worker uses it to find a request squatting on a new subject,
 * which it closes once the chain allows it (finding 3).
 */
public interface RequestLog {
    /** Blocks per eth_getLogs call: Besu's default --rpc-max-logs-range. */
    long WINDOW = 5_000;
    /** How far back the search goes (at 200 ms blocks about 11 hours, at 2 s about 4.6 days). */
    long LOOKBACK = 200_000;

    List<byte[]> requestsFor(SubjectId subject) throws IOException;

    /** No log access: only requests this service stored itself are ever closed. */
    static RequestLog none() {
        return subject -> List.of();
    }

    static RequestLog web3j(Web3j web3j, Address registry) {
        String topic = EventEncoder.encode(IdentityRegistry.GRANTREQUESTED_EVENT);
        return subject -> {
            List<byte[]> ids = new ArrayList<>();
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            for (long to = head; to >= 0 && head - to < LOOKBACK; to -= WINDOW) {
                long from = Math.max(0, to - WINDOW + 1);
                EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(from)),
                        DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(to)), registry.toHex());
                filter.addSingleTopic(topic).addNullTopic().addSingleTopic(subject.toHex());
                EthLog answer = web3j.ethGetLogs(filter).send();
                if (answer.hasError()) {
                    throw new IOException("eth_getLogs: " + answer.getError().getMessage());
                }
                List<byte[]> window = new ArrayList<>();
                for (EthLog.LogResult<?> result : answer.getLogs()) {
                    if (result.get() instanceof Log log && log.getTopics().size() > 1) {
                        window.add(0, Numeric.hexStringToByteArray(log.getTopics().get(1)));
                    }
                }
                ids.addAll(window);
            }
            return ids;
        };
    }
}
