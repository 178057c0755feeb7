package org.bcpki.cli.explorer;

import java.util.List;

/**
 * What the explorer knows at one head: the newest blocks, the validators (and where they were
 * read), recent validator votes, registry subjects, pending requests, proposals and recent events.
 * {@code error} says why the latest read failed (the rest is then from the last good read, or empty).
 */
record Snapshot(long head, long headTime, List<BlockView> blocks, List<String> validators, String validatorsSource,
        List<Views.ValidatorVote> votes, List<Views.Subject> subjects, List<Views.Request> pendingRequests,
        List<Views.Proposal> proposals, List<RegistryEvent> events, long eventCount, String error) {

    static Snapshot empty(String error) {
        return new Snapshot(-1, 0, List.of(), List.of(), "", List.of(), List.of(), List.of(), List.of(), List.of(), 0,
                error);
    }

    Snapshot withError(String newError) {
        return new Snapshot(head, headTime, blocks, validators, validatorsSource, votes, subjects, pendingRequests,
                proposals, events, eventCount, newError);
    }

    /** Changes whenever anything on the page would: the live view reloads when it does. */
    String version() {
        return head + ":" + eventCount + ":" + (error == null ? "" : Integer.toHexString(error.hashCode()));
    }
}
