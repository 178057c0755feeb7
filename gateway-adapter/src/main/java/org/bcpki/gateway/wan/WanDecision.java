package org.bcpki.gateway.wan;

/** The outcome of checking one WAN request, with the HTTP status to answer and the reason code. */
public record WanDecision(boolean allowed, int httpStatus, String reason, String subject, String evidence,
        String detail) {
    static WanDecision allowed(String subject, String evidence) {
        return new WanDecision(true, 200, "", subject, evidence, "");
    }

    static WanDecision refused(int status, String reason, String subject, String evidence, String detail) {
        return new WanDecision(false, status, reason, subject, evidence, detail);
    }
}
