package org.bcpki.chain.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bcpki.chain.network.RpcClient;

/** Waits until every node of a network answers eth_blockNumber with a height of at least 1. */
public final class BlockProduction {
    private BlockProduction() {}

    /**
     * @param running false as soon as a node's process has exited (then waiting is pointless)
     * @return true when every node reached block 1, false on timeout or when {@code running} turned false
     */
    public static boolean await(List<NodeEndpoint> nodes, Duration timeout, BooleanSupplier running)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!running.getAsBoolean()) {
                return false;
            }
            if (nodes.stream().allMatch(n -> height(n.rpcUrl()) >= 1)) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** The node's eth_blockNumber, or -1 when it does not answer. */
    public static long height(String rpcUrl) {
        try (RpcClient rpc = new RpcClient(rpcUrl)) {
            return RpcClient.quantity(rpc.call("eth_blockNumber"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
