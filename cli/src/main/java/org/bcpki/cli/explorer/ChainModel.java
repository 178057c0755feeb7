package org.bcpki.cli.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bcpki.contracts.OnChainRequest;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.registry.GrantRecord;

/**
 * What the explorer has read from one node, brought up to the node's head on each {@link #refresh}:
 * new blocks (eth_getBlockByNumber), the registry's new logs (eth_getLogs), and the state of every
 * subject, request and proposal a new log touched (eth_call). Each refresh reads into local
 * variables and commits only when every read succeeded, so a node that fails half-way leaves the
 * last good view in place (shown with the error) and the next refresh retries the same range.
 */
final class ChainModel {
    static final int BLOCKS_SHOWN = 12;
    /** On a long chain the first refresh reads this many recent blocks for votes, not all of them. */
    static final int BLOCK_BACKFILL = 128;
    static final int VOTES_KEPT = 50;
    static final int EVENTS_KEPT = 500;
    static final int ENTRIES_KEPT = 2000;
    static final int SUBJECTS_SHOWN = 50;
    static final int PROPOSALS_SHOWN = 30;

    private final JsonRpc rpc;
    private final RegistryReader registry;
    private long scannedTo = -1;
    private final Deque<BlockView> blocks = new ArrayDeque<>();
    private final Deque<Views.ValidatorVote> votes = new ArrayDeque<>();
    private final Deque<RegistryEvent> events = new ArrayDeque<>();
    private long eventCount;
    private final Map<String, Views.Subject> subjects = bounded();
    private final Map<String, Views.Request> requests = bounded();
    private final Map<Long, Views.Proposal> proposals = bounded();
    private final Map<String, List<String>> approvers = bounded();
    private final Map<String, String> activatedBy = bounded();
    private Snapshot last;

    ChainModel(JsonRpc rpc, RegistryReader registry) {
        this.rpc = rpc;
        this.registry = registry;
    }

    String rpcUrl() {
        return rpc.url().toString();
    }

    String registryAddress() {
        return registry.address().toHex();
    }

    /** The view at the node's current head; on a failed read, the last good view with the reason. */
    synchronized Snapshot refresh() {
        try {
            long head = Hex.quantityLong(rpc.call("eth_blockNumber").asText(), "eth_blockNumber");
            if (last == null || head != last.head()) {
                update(head);
                last = build(head);
            }
            last = last.withError(null);
            return last;
        } catch (IOException | RuntimeException e) {
            String why = "cannot read the chain from " + rpc.url() + ": " + message(e);
            return last == null ? Snapshot.empty(why) : last.withError(why);
        }
    }

    /** One block read now (not cached): empty when the node has no such block. */
    Optional<BlockView> block(long number) throws IOException {
        JsonNode block = rpc.call("eth_getBlockByNumber", Hex.quantity(number), false);
        return block == null || block.isNull() || block.isMissingNode() ? Optional.empty()
                : Optional.of(BlockView.from(number, block));
    }

    /** A subject's record read now, with the approvals and events the explorer saw for it. */
    synchronized Views.Subject subject(String subjectIdHex) throws IOException {
        GrantRecord record = registry.grant(subjectIdHex);
        String request = activatedBy.get(subjectIdHex);
        return new Views.Subject(subjectIdHex, record, request, names(approvers.getOrDefault(request, List.of())), -1);
    }

    synchronized List<RegistryEvent> eventsOf(String subjectIdHex) {
        Set<String> requestIds = new LinkedHashSet<>();
        List<RegistryEvent> out = new ArrayList<>();
        for (RegistryEvent e : events) {
            if (subjectIdHex.equals(e.subjectId())) {
                out.add(e);
                if (e.requestId() != null) {
                    requestIds.add(e.requestId());
                }
            }
        }
        for (RegistryEvent e : events) {
            if (e.subjectId() == null && e.requestId() != null && requestIds.contains(e.requestId())) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingLong(RegistryEvent::block));
        return out;
    }

    private void update(long head) throws IOException {
        long firstBlock = Math.max(scannedTo + 1, Math.max(0, head - BLOCK_BACKFILL + 1));
        List<BlockView> newBlocks = new ArrayList<>();
        for (long n = firstBlock; n <= head; n++) {
            newBlocks.add(block(n).orElseThrow(() -> new IOException("the node reports a head it does not serve")));
        }
        List<RegistryEvent> newEvents = registry.events(scannedTo + 1, head);
        Map<String, List<String>> newApprovers = new LinkedHashMap<>();
        Map<String, String> newActivations = new LinkedHashMap<>();
        Map<String, Long> touchedSubjects = new LinkedHashMap<>();
        Map<String, Long> touchedRequests = new LinkedHashMap<>();
        Map<Long, Long> touchedProposals = new LinkedHashMap<>();
        for (RegistryEvent e : newEvents) {
            if (e.subjectId() != null && !e.name().equals("EnrollmentAnchored")) {
                touchedSubjects.put(e.subjectId(), e.block());
            }
            if (e.requestId() != null) {
                touchedRequests.put(e.requestId(), e.block());
            }
            if (e.proposalId() > 0) {
                touchedProposals.put(e.proposalId(), e.block());
            }
            if (e.name().equals("GrantApproved")) {
                newApprovers.computeIfAbsent(e.requestId(),
                        r -> new ArrayList<>(approvers.getOrDefault(r, List.of()))).add(e.actor());
            }
            if (e.name().equals("GrantActivated")) {
                newActivations.put(e.subjectId(), e.requestId());
            }
            if (e.name().startsWith("Authority")) {
                registry.forgetAuthorityNames();
            }
        }
        Map<String, Views.Request> newRequests = new LinkedHashMap<>();
        for (var t : touchedRequests.entrySet()) {
            OnChainRequest request = registry.request(t.getKey());
            List<String> names = names(newApprovers.getOrDefault(t.getKey(), approvers.getOrDefault(t.getKey(), List.of())));
            newRequests.put(t.getKey(), new Views.Request(t.getKey(), request, names, t.getValue()));
        }
        Map<String, Views.Subject> newSubjects = new LinkedHashMap<>();
        for (var t : touchedSubjects.entrySet()) {
            String request = newActivations.getOrDefault(t.getKey(), activatedBy.get(t.getKey()));
            List<String> who = request == null ? List.of()
                    : names(newApprovers.getOrDefault(request, approvers.getOrDefault(request, List.of())));
            newSubjects.put(t.getKey(), new Views.Subject(t.getKey(), registry.grant(t.getKey()), request, who, t.getValue()));
        }
        Map<Long, Views.Proposal> newProposals = new LinkedHashMap<>();
        for (var t : touchedProposals.entrySet()) {
            newProposals.put(t.getKey(), registry.proposal(t.getKey(), t.getValue()));
        }
        // every read succeeded: commit
        for (BlockView b : newBlocks) {
            blocks.addFirst(b);
            b.vote().ifPresent(v -> votes.addFirst(new Views.ValidatorVote(b.number(), b.proposer(), v.subject().toHex(), v.add())));
        }
        trim(blocks, BLOCKS_SHOWN);
        trim(votes, VOTES_KEPT);
        newEvents.forEach(events::addFirst);
        trim(events, EVENTS_KEPT);
        eventCount += newEvents.size();
        approvers.putAll(newApprovers);
        activatedBy.putAll(newActivations);
        newRequests.forEach((k, v) -> requests.remove(k));
        requests.putAll(newRequests);
        newSubjects.forEach((k, v) -> subjects.remove(k));
        subjects.putAll(newSubjects);
        proposals.putAll(newProposals);
        scannedTo = head;
    }

    private Snapshot build(long head) throws IOException {
        BlockView headBlock = blocks.peekFirst();
        List<String> validators;
        String source;
        try {
            validators = new ArrayList<>();
            for (JsonNode v : rpc.call("qbft_getValidatorsByBlockNumber", Hex.quantity(head))) {
                validators.add(v.asText());
            }
            source = "qbft_getValidatorsByBlockNumber at block " + head;
        } catch (JsonRpc.RpcError notServed) {
            validators = headBlock == null ? List.of() : headBlock.validators();
            source = "extraData of block " + head + " (the node does not serve qbft_*: " + notServed.getMessage() + ")";
        }
        List<Views.Subject> shownSubjects = new ArrayList<>(subjects.values());
        shownSubjects.sort(Comparator.comparingLong(Views.Subject::lastBlock).reversed());
        List<Views.Request> pending = requests.values().stream()
                .filter(r -> r.request().state() == OnChainRequest.State.PENDING)
                .sorted(Comparator.comparingLong(Views.Request::lastBlock).reversed()).toList();
        List<Views.Proposal> shownProposals = proposals.values().stream()
                .sorted(Comparator.comparingLong(Views.Proposal::id).reversed()).limit(PROPOSALS_SHOWN).toList();
        return new Snapshot(head, headBlock == null ? 0 : headBlock.timestamp(), List.copyOf(blocks), List.copyOf(validators),
                source, List.copyOf(votes), shownSubjects.stream().limit(SUBJECTS_SHOWN).toList(), pending,
                shownProposals, events.stream().limit(30).toList(), eventCount, null);
    }

    private List<String> names(List<String> accounts) throws IOException {
        List<String> out = new ArrayList<>();
        for (String a : accounts) {
            out.add(registry.authorityName(a));
        }
        return out;
    }

    private static <T> void trim(Deque<T> deque, int max) {
        while (deque.size() > max) {
            deque.removeLast();
        }
    }

    private static <K, V> Map<K, V> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > ENTRIES_KEPT;
            }
        };
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return e instanceof java.net.ConnectException ? "connection refused" : m;
    }
}
