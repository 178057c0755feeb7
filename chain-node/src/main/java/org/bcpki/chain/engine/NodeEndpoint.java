package org.bcpki.chain.engine;

import org.bcpki.chain.network.NodeRole;

/** Where a running node answers JSON-RPC (HTTP, and WebSocket when the engine offers it). */
public record NodeEndpoint(String name, NodeRole role, String rpcUrl, String wsUrl) {}
