package org.bcpki.contracts;

/** The registry's governance proposal kinds (PROPOSAL_* codes; never renumbered). */
public enum ProposalKind {
    ADD_AUTHORITY(1),
    REMOVE_AUTHORITY(2),
    SET_AUTHORITY_ROLES(3),
    ADD_REGISTRAR(4),
    REMOVE_REGISTRAR(5),
    SET_THRESHOLDS(6),
    ADD_ENROLLER(7),
    REMOVE_ENROLLER(8),
    SET_REGISTRAR_ROLES(9),
    /** Through {@code proposeDuration}: the longest validity of each role in the mask. */
    SET_MAX_VALIDITY(10),
    /** Through {@code proposeDuration}: how long a request stays approvable. */
    SET_REQUEST_TTL(11);

    private final int code;

    ProposalKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind with this on-chain code, or empty for a code the registry does not know. */
    public static java.util.Optional<ProposalKind> fromCode(int code) {
        for (ProposalKind kind : values()) {
            if (kind.code == code) {
                return java.util.Optional.of(kind);
            }
        }
        return java.util.Optional.empty();
    }

    /** The command-line and REST spelling: {@code add-authority}, {@code set-thresholds}, … */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
