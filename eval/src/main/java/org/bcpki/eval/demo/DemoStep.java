package org.bcpki.eval.demo;

/**
 * One step of the demo story: what happened, how long it took, the bytes involved (on the wire or
 * on the serial line; -1 when not applicable), and whether it worked.
 */
public record DemoStep(String name, Status status, double millis, long bytes, String result) {
    public enum Status { OK, FAILED }
}
