package org.bcpki.gateway.store;

/** One entry of the consumer log: which market participant received which meter's data, and on what evidence. */
public record ConsumerLogEntry(long seq, long timeMillis, String recipient, String meterId, String evidence,
        String detail) {}
