package org.bcpki.chain.rpc;

import org.apache.tuweni.bytes.Bytes32;

/** A JSON-RPC block parameter: a tag, a number or (EIP-1898) a hash. */
public sealed interface BlockParameter {
    record Latest() implements BlockParameter {}

    record Earliest() implements BlockParameter {}

    record Pending() implements BlockParameter {}

    record Number(long number) implements BlockParameter {}

    record Hash(Bytes32 hash) implements BlockParameter {}

    BlockParameter LATEST = new Latest();
}
