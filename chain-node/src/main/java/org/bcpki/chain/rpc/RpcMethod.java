package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** One JSON-RPC method: params (always an array, possibly empty) in, result out. */
@FunctionalInterface
public interface RpcMethod {
    Object handle(Params params) throws RpcException;
}
