package org.bcpki.pki;

import java.util.List;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;

/**
 * A relying party's verdict on a certificate path, in the mirror client's vocabulary, with the
 * reason, the check that failed, the path (end entity first, subject names), and timing.
 *
 * @param role the end entity's role as its CN names it (null when unknown)
 * @param nanos total time of the validation
 * @param fetches CRL or OCSP round trips made during this validation (0 when everything was cached)
 * @param fetchNanos time spent in those round trips
 */
public record ValidationResult(Decision decision, String reason, Check failedCheck, List<String> path, Role role,
                               long nanos, int fetches, long fetchNanos) {

    /** The rule that rejected the path ({@code NONE} when it was accepted). */
    public enum Check {
        NONE, PATH, SIGNATURE, VALIDITY, CRITICAL_EXTENSION, BASIC_CONSTRAINTS, PATH_LENGTH, KEY_USAGE, POLICY,
        REVOCATION, CRL, OCSP, ROLE
    }

    public boolean valid() {
        return decision == Decision.GRANTED;
    }

    public double millis() {
        return nanos / 1_000_000.0;
    }
}
