package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the gateway end-to-end tests share: asserting a command succeeded, reading status, waiting. */
final class GatewayCli {
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(120);

    private GatewayCli() {}

    static void assertOk(CliRun run) {
        assertEquals(0, run.code(), run.out() + run.err());
    }

    /** {@code bcpki gateway status --store DIR --json}, parsed; patient, as CI machines may be loaded. */
    static JsonNode status(Path store) {
        CliRun status = CliRun.of("gateway", "status", "--store", store.toString(), "--json", "--timeout", "120");
        if (status.code() != 0) {
            throw new AssertionError("status failed: " + status.err());
        }
        try {
            return status.json();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        waitFor(DEFAULT_WAIT, condition);
    }

    static void waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        waitFor(timeout, condition, () -> "");
    }

    /** As {@link #waitFor(Duration, BooleanSupplier)}; a timeout's message ends with {@code state}, read then. */
    static void waitFor(Duration timeout, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ": " + state.get());
            }
            Thread.sleep(100);
        }
    }
}
