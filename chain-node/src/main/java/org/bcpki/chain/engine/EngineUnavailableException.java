package org.bcpki.chain.engine;

/** The engine cannot run here (software missing or unfit); the message says how to fix that. */
public class EngineUnavailableException extends IllegalStateException {
    public EngineUnavailableException(String message) {
        super(message);
    }
}
