package org.bcpki.gateway;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition with a deadline (never on a fixed sleep): the poll interval is not a guess at timing. */
public final class Conditions {
    private Conditions() {}

    public static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
