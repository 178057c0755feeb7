package org.bcpki.contracts.evm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.web3j.protocol.Service;

/** A web3j transport that hands each JSON-RPC payload to an {@link EvmJsonRpc} in process. */
public final class EvmWeb3jService extends Service {
    private final EvmJsonRpc rpc;

    public EvmWeb3jService(EvmJsonRpc rpc) {
        super(false);
        this.rpc = rpc;
    }

    @Override
    protected InputStream performIO(String payload) throws IOException {
        if (!rpc.available()) {
            throw new IOException("connection refused (the test node is down)");
        }
        return new ByteArrayInputStream(rpc.handle(payload).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {}
}
