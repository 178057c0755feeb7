package org.bcpki.chain.rpc;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.store.BlockStore;

/**
 * The logs of a block range that match a filter, in chain order, as eth_getLogs and
 * eth_getFilterLogs return them: the store's address and first-topic indexes pick the blocks, the
 * filter then picks the logs. A range wider than {@code rpc-max-logs-range} is refused.
 */
final class LogSearch {
    private LogSearch() {}

    static List<Object> matching(Blockchain chain, RpcOptions options, long from, long to, LogFilter filter) throws RpcException {
        if (from > to) {
            return List.of();
        }
        if (options.maxLogsRange() > 0 && to - from > options.maxLogsRange()) {
            throw RpcException.rangeTooLarge();
        }
        List<Bytes32> topic0 = filter.topics().isEmpty() ? List.of() : filter.topics().get(0);
        List<Object> out = new ArrayList<>();
        for (long n : chain.store().blocksWithLogs(from, to, filter.addresses(), topic0)) {
            Block block = chain.store().block(n).orElseThrow();
            for (BlockStore.IndexedLog l : RpcJson.logsOf(block, chain.store().receipts(n))) {
                if (filter.test(l.log())) {
                    out.add(RpcJson.logJson(l, block.header().timestamp()));
                }
            }
        }
        return out;
    }
}
