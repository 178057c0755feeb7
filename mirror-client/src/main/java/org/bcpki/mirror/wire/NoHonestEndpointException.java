package org.bcpki.mirror.wire;

import java.util.List;

/** No endpoint gave a verified answer: every one failed or was caught lying. */
public final class NoHonestEndpointException extends Exception {
    private final List<String> failures;

    public NoHonestEndpointException(List<String> failures) {
        super("no endpoint gave a verifiable answer: " + String.join("; ", failures));
        this.failures = List.copyOf(failures);
    }

    public List<String> failures() {
        return failures;
    }
}
