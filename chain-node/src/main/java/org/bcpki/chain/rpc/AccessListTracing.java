package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.horizen.evm.TraceOptions;
import io.horizen.evm.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.exec.TxResult;
import org.bcpki.chain.tx.Transaction;

/**
 * The access list of one EVM run as Besu's AccessListOperationTracer reports it: every account
 * whose storage was warm at the end (the slots of the run's own access list plus every slot it
 * read or wrote), in ascending address order, each with its slots in ascending order. Accounts touched without storage (and so
 * precompiles) are not listed. libevm offers go-ethereum's native tracers, not its access-list
 * tracer, so the slots come from the prestateTracer, which names every account and slot a run
 * accessed.
 */
final class AccessListTracing {
    /** A run and the access list it produced. */
    record Run(TxResult result, List<Transaction.AccessListEntry> accessList) {}

    interface Traced {
        TxResult run(Tracer tracer) throws RpcException;
    }

    private AccessListTracing() {}

    static Run run(List<Transaction.AccessListEntry> warm, Traced traced) throws RpcException {
        try (Tracer tracer = new Tracer(new TraceOptions(false, true, false, false, "prestateTracer",
                JsonNodeFactory.instance.objectNode()))) {
            TxResult result = traced.run(tracer);
            return new Run(result, merge(warm, tracer.getResult().result));
        }
    }

    /**
     * The slots of {@code warm} and those the trace shows, accounts ascending by address and each
     * account's slots ascending: Besu 26.7.1+ keeps a transaction's warm slots in a TreeBasedTable
     * (besu-eth/besu#10895) and lists its rows in that order.
     */
    static List<Transaction.AccessListEntry> merge(List<Transaction.AccessListEntry> warm, JsonNode trace) {
        Map<Bytes, TreeSet<Bytes32>> slots = new TreeMap<>(Bytes::compareTo);
        for (Transaction.AccessListEntry entry : warm) {
            if (!entry.storageKeys().isEmpty()) {
                slots.computeIfAbsent(entry.address(), a -> new TreeSet<>(Bytes::compareTo)).addAll(entry.storageKeys());
            }
        }
        if (trace != null) {
            trace.properties().forEach(account -> {
                JsonNode storage = account.getValue().path("storage");
                if (storage.isObject() && !storage.isEmpty()) {
                    TreeSet<Bytes32> keys = slots.computeIfAbsent(Bytes.fromHexString(account.getKey()),
                            a -> new TreeSet<>(Bytes::compareTo));
                    storage.properties().forEach(s -> keys.add(Bytes32.fromHexStringLenient(s.getKey())));
                }
            });
        }
        List<Transaction.AccessListEntry> list = new ArrayList<>();
        slots.forEach((address, keys) -> list.add(new Transaction.AccessListEntry(address, List.copyOf(keys))));
        return List.copyOf(list);
    }
}
