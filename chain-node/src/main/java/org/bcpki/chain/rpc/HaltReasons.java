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

    /** Opcodes geth 1.13 names but Shanghai does not define (Cancun's), which geth reports by name. */
    private static final java.util.Map<String, Integer> UNDEFINED_NAMED_OPS = java.util.Map.of(
            "INVALID", 0xfe, "BLOBHASH", 0x49, "BLOBBASEFEE", 0x4a, "TLOAD", 0x5c, "TSTORE", 0x5d, "MCOPY", 0x5e);

    /**
     * Besu's description of the halt that ended a simulation, as eth_call and eth_estimateGas report it:
     * an invalid or undefined opcode is "Invalid opcode: 0xNN" (Besu's InvalidOperation), every other
     * halt its reason's description. geth writes "invalid opcode: opcode 0xef not defined" or, for an
     * opcode it can name, "invalid opcode: INVALID".
     */
    static String haltDescription(String gethError) {
        String prefix = "invalid opcode: ";
        if (gethError.startsWith(prefix)) {
            String op = gethError.substring(prefix.length());
            Integer code = UNDEFINED_NAMED_OPS.get(op);
            if (op.matches("opcode 0x[0-9a-f]{1,2} not defined")) {
                code = Integer.parseInt(op.substring("opcode 0x".length(), op.length() - " not defined".length()), 16);
            }
            if (code != null) {
                return String.format("Invalid opcode: 0x%02x", code);
            }
        }
        return description(gethError);
    }

    /** Besu's callTracer error text for a geth error ("execution reverted" is the same in both). */
    static String description(String gethError) {
        HaltReasons r = of(gethError);
        return r == OTHER ? gethError : r.description;
    }
}
