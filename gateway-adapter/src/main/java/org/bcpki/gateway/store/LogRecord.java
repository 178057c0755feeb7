package org.bcpki.gateway.store;

/**
 * One decision for the metrological log: what was decided ({@code kind}: frame, reading, wan,
 * gateway), about whom, the outcome (accepted, rejected, info), the reason (a stable code such as
 * BAD_CRC, REPLAY, UNKNOWN), the identity evidence (block or certificate path) and free detail.
 */
public record LogRecord(String kind, String subject, String outcome, String reason, String evidence, String detail) {
    public LogRecord {
        kind = nonNull(kind);
        subject = nonNull(subject);
        outcome = nonNull(outcome);
        reason = nonNull(reason);
        evidence = nonNull(evidence);
        detail = nonNull(detail);
    }

    public static LogRecord accepted(String kind, String subject, String evidence, String detail) {
        return new LogRecord(kind, subject, "accepted", "", evidence, detail);
    }

    public static LogRecord rejected(String kind, String subject, String reason, String evidence, String detail) {
        return new LogRecord(kind, subject, "rejected", reason, evidence, detail);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
