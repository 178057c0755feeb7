package org.bcpki.chain.network;

import java.util.Locale;

/** A node's role: validators seal blocks, mirrors only import and verify them. */
public enum NodeRole {
    VALIDATOR, MIRROR;

    /** The lower-case name used in files and JSON ("validator", "mirror"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NodeRole parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
