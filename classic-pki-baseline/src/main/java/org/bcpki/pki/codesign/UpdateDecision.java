package org.bcpki.pki.codesign;

/**
 * The X.509 gateway's answer to one update check, and what it cost.
 *
 * @param detail a one-line reason
 * @param packageBytes the signed release's size (the signatures and the certificates it carries)
 * @param certificateBytes the part of {@code packageBytes} that is certificates
 * @param crlBytes CRL and delta CRL bytes downloaded during this check (0 when the cached view answered)
 * @param crlFetches CRL downloads during this check
 * @param nanos time of the whole check
 */
public record UpdateDecision(UpdateReason reason, String detail, int packageBytes, int certificateBytes, long crlBytes,
                             int crlFetches, long nanos) {
    public boolean accepted() {
        return reason == UpdateReason.APPROVED;
    }

    /** What the gateway fetched for this check besides the image: the signed release plus the CRLs it downloaded. */
    public long bytesFetched() {
        return packageBytes + crlBytes;
    }
}
