package org.bcpki.gateway.store;

/** One entry of the bounded security log: where the traffic came from and what was refused. */
public record SecurityEntry(long seq, long timeMillis, String source, LogRecord record) {}
