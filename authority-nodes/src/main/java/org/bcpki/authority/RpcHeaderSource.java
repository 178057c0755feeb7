package org.bcpki.authority;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.RpcHeaderFields;
import org.bcpki.core.codec.Hex;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/**
 * Block headers from a node's {@code eth_getBlockByNumber}, rebuilt by core's {@link RpcHeaderFields}
 * (the light client's parser) from the fields as the node sent them: a header whose hash differs
 * from the hash the node reports is refused. Web3j's typed block is not used, because it has already
 * parsed (and forgiven) the fields.
 */
public final class RpcHeaderSource implements CheckpointSigner.HeaderSource {
    private final Web3jService node;

    public RpcHeaderSource(Web3jService node) {
        this.node = node;
    }

    /** The {@code eth_getBlockByNumber} result as the node spelled it. */
    public static final class RawBlock extends Response<Map<String, Object>> {}

    /** The {@code eth_blockNumber} result as the node spelled it. */
    public static final class RawQuantity extends Response<String> {}

    @Override
    public long latestNumber() throws IOException {
        RawQuantity answer = new Request<>("eth_blockNumber", List.of(), node, RawQuantity.class).send();
        try {
            return Hex.quantityLong(result(answer, "eth_blockNumber"), "block number");
        } catch (MalformedDataException e) {
            throw new IOException("eth_blockNumber: " + e.getMessage(), e);
        }
    }

    @Override
    public BlockHeader header(long number) throws IOException {
        RawBlock answer = new Request<>("eth_getBlockByNumber", List.of(Hex.quantity(number), false), node,
                RawBlock.class).send();
        Map<String, Object> fields = result(answer, "eth_getBlockByNumber");
        if (fields == null) {
            throw new IOException("the node has no block " + number);
        }
        BlockHeader header;
        try {
            header = RpcHeaderFields.parse(name -> fields.get(name) instanceof String text ? text : null);
        } catch (MalformedDataException e) {
            throw new IOException("block " + number + ": " + e.getMessage(), e);
        }
        if (header.number() != number) {
            throw new IOException("asked the node for block " + number + ", got " + header.number());
        }
        return header;
    }

    private static <T> T result(Response<T> answer, String method) throws IOException {
        if (answer.hasError()) {
            throw new IOException(method + ": " + answer.getError().getMessage());
        }
        return answer.getResult();
    }
}
