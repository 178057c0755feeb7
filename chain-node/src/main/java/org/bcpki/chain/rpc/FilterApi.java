package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.bcpki.chain.block.Blockchain;

/**
 * The filter methods of Besu's ETH API group (eth_newFilter, eth_newBlockFilter,
 * eth_newPendingTransactionFilter, eth_getFilterChanges, eth_getFilterLogs, eth_uninstallFilter)
 * with Besu's results and errors; the filters themselves live in {@link FilterManager}.
 */
public final class FilterApi {
    private final FilterManager filters;
    private final Blockchain chain;
    private final RpcOptions options;

    public FilterApi(FilterManager filters, Blockchain chain, RpcOptions options) {
        this.filters = filters;
        this.chain = chain;
        this.options = options;
    }

    public void registerAll(JsonRpcDispatcher d) {
        d.register("eth_newFilter", p -> filters.install(FilterManager.Kind.LOG,
                        LogQuery.parse(p.optional(0).orElseThrow(LogQuery::invalid))))
                .register("eth_newBlockFilter", p -> filters.install(FilterManager.Kind.BLOCK, null))
                .register("eth_newPendingTransactionFilter", p -> filters.install(FilterManager.Kind.PENDING_TRANSACTION, null))
                .register("eth_getFilterChanges", p -> filters.drain(filterId(p))
                        .orElseThrow(() -> new RpcException(-32000, "Filter not found")))
                .register("eth_getFilterLogs", this::filterLogs)
                .register("eth_uninstallFilter", p -> filters.uninstall(filterId(p)));
    }

    private static String filterId(Params p) throws RpcException {
        JsonNode id = p.optional(0).orElseThrow(LogQuery::invalid);
        if (!id.isTextual()) {
            throw LogQuery.invalid();
        }
        return id.textValue();
    }

    /** Every log of the filter's whole range, as eth_getLogs would return it (rpc-max-logs-range applies). */
    private Object filterLogs(Params p) throws RpcException {
        FilterManager.Filter filter = filters.touch(filterId(p)).filter(f -> f.kind() == FilterManager.Kind.LOG)
                .orElseThrow(() -> new RpcException(-32000, "Logs filter not found"));
        LogQuery query = filter.query();
        long head = chain.head().number();
        long from;
        long to;
        if (query.blockHash().isPresent()) {
            var number = chain.store().numberOf(query.blockHash().get());
            if (number.isEmpty()) {
                return List.of();
            }
            from = to = number.get();
        } else {
            from = bound(query.fromBlock(), head);
            to = Math.min(bound(query.toBlock(), head), head);
        }
        return LogSearch.matching(chain, options, from, to, query.filter());
    }

    private static long bound(BlockParameter param, long head) {
        return switch (param) {
            case BlockParameter.Number n -> n.number();
            case BlockParameter.Earliest e -> 0;
            default -> head;
        };
    }
}
