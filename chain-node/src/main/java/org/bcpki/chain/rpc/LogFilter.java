package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.exec.Log;

/** A parsed eth_getLogs / logs-subscription filter. */
public record LogFilter(List<Bytes> addresses, List<List<Bytes32>> topics) implements Predicate<Log> {
    @Override
    public boolean test(Log log) {
        if (!addresses.isEmpty() && !addresses.contains(log.address())) {
            return false;
        }
        for (int i = 0; i < topics.size(); i++) {
            List<Bytes32> wanted = topics.get(i);
            if (wanted.isEmpty()) {
                continue;
            }
            if (i >= log.topics().size() || !wanted.contains(log.topics().get(i))) {
                return false;
            }
        }
        return true;
    }

    public static LogFilter parse(JsonNode filter) throws RpcException {
        List<Bytes> addresses = new ArrayList<>();
        List<List<Bytes32>> topics = new ArrayList<>();
        if (filter == null) {
            return new LogFilter(addresses, topics);
        }
        JsonNode address = filter.get("address");
        if (address != null && !address.isNull()) {
            if (address.isArray()) {
                for (JsonNode a : address) {
                    addresses.add(Params.address(a, "log filter"));
                }
            } else {
                addresses.add(Params.address(address, "log filter"));
            }
        }
        JsonNode topicsNode = filter.get("topics");
        if (topicsNode != null && !topicsNode.isNull()) {
            if (!topicsNode.isArray()) {
                throw RpcException.invalidParams("Invalid log filter params");
            }
            for (JsonNode t : topicsNode) {
                List<Bytes32> alternatives = new ArrayList<>();
                if (t.isArray()) {
                    for (JsonNode alt : t) {
                        alternatives.add(Params.hash(alt, "log filter"));
                    }
                } else if (!t.isNull()) {
                    alternatives.add(Params.hash(t, "log filter"));
                }
                topics.add(alternatives);
            }
        }
        return new LogFilter(addresses, topics);
    }
}
