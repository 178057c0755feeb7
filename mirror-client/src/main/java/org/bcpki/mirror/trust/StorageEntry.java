package org.bcpki.mirror.trust;

import org.apache.tuweni.bytes.Bytes32;

/** A storage slot (padded to 32 bytes) and its proven value (zero when proven absent). */
public record StorageEntry(Bytes32 key, Bytes32 value) {}
