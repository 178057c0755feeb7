package org.bcpki.mirror.trust;

import java.util.List;

/** The outcome of checking k-of-n checkpoint signatures, with a reason for each rejected one. */
public record CheckpointVerdict(boolean valid, int validSignatures, int threshold, List<String> problems) {
    public CheckpointVerdict {
        problems = List.copyOf(problems);
    }
}
