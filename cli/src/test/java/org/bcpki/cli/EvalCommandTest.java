package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code bcpki eval}: usage errors exit 2 without running anything (the scenarios are tested in eval). */
class EvalCommandTest {
    @Test
    void runWithoutOutIsAUsageError() {
        CliRun run = CliRun.of("eval", "run", "--quick");
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("--out"), run.err());
    }
}
