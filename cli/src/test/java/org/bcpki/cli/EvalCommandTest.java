package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bcpki eval}: usage errors exit 2 without running anything (the scenarios are tested in eval). */
class EvalCommandTest {
    @Test
    void runWithoutOutIsAUsageError() {
        CliRun run = CliRun.of("eval", "run", "--quick");
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("--out"), run.err());
    }

    @Test
    void scaleWithSizeZeroIsAUsageError() {
        CliRun run = CliRun.of("eval", "scale", "--out", "unused-scale-dir", "--sizes", "0");
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("--sizes: 0"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void scaleBadValuesAreUsageErrors() {
        for (String[] args : new String[][] {{"--sizes", "1e3,abc"}, {"--sizes", "-5"}, {"--sizes", "1.5"},
                {"--revoked", "101"}, {"--revoked", "-1"}, {"--gateways", "0"}}) {
            String[] full = new String[] {"eval", "scale", "--out", "unused-scale-dir", args[0], args[1]};
            CliRun run = CliRun.of(full);
            assertEquals(2, run.code(), String.join(" ", args) + ": " + run.out() + run.err());
            assertTrue(run.err().contains(args[0]), run.err());
        }
    }

    @Test
    void scaleUnknownOptionIsAUsageError() {
        CliRun run = CliRun.of("eval", "scale", "--out", "unused-scale-dir", "--bogus");
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("--bogus"), run.err());
    }

    @Test
    void scaleFromRefusesMeasuringOptionsAndFilesItCannotRead(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("results.json"), "{ not json");
        CliRun mixed = CliRun.of("eval", "scale", "--out", dir.resolve("out").toString(), "--from",
                notJson + "," + notJson, "--sizes", "1e3");
        assertEquals(2, mixed.code(), mixed.out() + mixed.err());
        assertTrue(mixed.err().contains("--sizes cannot be combined with --from"), mixed.err());

        CliRun bad = CliRun.of("eval", "scale", "--out", dir.resolve("out").toString(), "--from",
                notJson + "," + dir.resolve("missing.json"));
        assertEquals(2, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains("is not JSON"), bad.err());
        assertFalse(bad.err().contains("Exception"), bad.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written for refused input");
    }
}
