package org.bcpki.chain.rpc;

/** One JSON-RPC method: params (always an array, possibly empty) in, result out. */
@FunctionalInterface
public interface RpcMethod {
    Object handle(Params params) throws RpcException;
}
