package org.bcpki.eval.demo;

/** A demo step that did not do what the story needs; the message says which and why. */
public final class DemoFailure extends RuntimeException {
    public DemoFailure(String message) {
        super(message);
    }
}
