package org.bcpki.chain.rpc;

/**
 * The EVM work one HTTP request or WebSocket frame (a single call or a whole batch) has done so
 * far: methods that run the EVM refuse to start another run once the request's gas is spent.
 * One request is handled by one thread, so no locking.
 */
public final class RequestMeter {
    private long gas;
    private int runs;

    public long gas() {
        return gas;
    }

    public int runs() {
        return runs;
    }

    /** Records one finished EVM run that used {@code gasUsed}. */
    public void charge(long gasUsed) {
        gas += gasUsed;
        runs++;
    }
}
