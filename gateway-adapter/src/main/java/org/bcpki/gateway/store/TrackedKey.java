package org.bcpki.gateway.store;

import java.util.Optional;

/** What the gateway keeps about one accepted meter key: the key, its certificates, and its replay counter. */
public record TrackedKey(String meterId, byte[] keyHash, byte[] spki, Optional<byte[]> chain, long lastCounter) {}
