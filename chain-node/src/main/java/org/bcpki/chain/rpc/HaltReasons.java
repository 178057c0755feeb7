package org.bcpki.chain.rpc;

/**
 * Besu's exceptional halt reasons (name for struct logs, description for the callTracer) for the
 * error messages of geth's EVM, which libevm runs. Unknown messages pass through unchanged.
 */
enum HaltReasons {
    INSUFFICIENT_GAS("Out of gas", "out of gas", "gas uint64 overflow", "contract creation code storage out of gas"),
    INSUFFICIENT_STACK_ITEMS("Stack underflow", "stack underflow"),
    TOO_MANY_STACK_ITEMS("Out of stack", "stack limit reached"),
    INVALID_JUMP_DESTINATION("Bad jump destination", "invalid jump destination"),
    INVALID_OPERATION("Bad instruction", "invalid opcode", "opcode "),
    ILLEGAL_STATE_CHANGE("Illegal state change", "write protection"),
    INVALID_RETURN_DATA_BUFFER_ACCESS("Out of bounds", "return data out of bounds"),
    CODE_TOO_LARGE("Code is too large", "max code size exceeded"),
    INVALID_CODE("Code is invalid", "invalid code"),
    OTHER(null);

    final String description;
    private final String[] gethPrefixes;

    HaltReasons(String description, String... gethPrefixes) {
        this.description = description;
        this.gethPrefixes = gethPrefixes;
    }

    static HaltReasons of(String gethError) {
        for (HaltReasons r : values()) {
            for (String prefix : r.gethPrefixes) {
                if (gethError.startsWith(prefix)) {
                    return r;
                }
            }
        }
        return OTHER;
    }

    /** Besu's callTracer error text for a geth error ("execution reverted" is the same in both). */
    static String description(String gethError) {
        HaltReasons r = of(gethError);
        return r == OTHER ? gethError : r.description;
    }
}
