package org.bcpki.chain.net;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer-to-peer transport over loopback HTTP: every request is a {@link SignedMessage} whose
 * payload is RLP [kind, body]; requests from keys outside the nodes allowlist are refused (403).
 */
public final class PeerNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNetwork.class);
    private static final long MAX_BODY = 64L * 1024 * 1024;

    /** Handles one authenticated request; returns the response body (empty for none). */
    @FunctionalInterface
    public interface Handler {
        Bytes handle(PeerMessageKind kind, Bytes body, Address sender) throws Exception;
    }

    /** A peer as this node knows it, and whether it answered recently. */
    private record Peer(Enode enode, Address address) {}

    private final NodeKey key;
    private final Set<String> allowlist;
    private final List<Peer> peers;
    private final Map<Address, Long> lastSeen = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofMillis(500))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final Javalin server;
    /** Fault injection (partition tests, demos): peers outside it are treated as unreachable both ways. */
    private volatile java.util.function.Predicate<Address> reachable = a -> true;

    public PeerNetwork(NodeKey key, List<Enode> allowlist, Handler handler) {
        this.key = key;
        this.allowlist = allowlist.stream().map(Enode::id).collect(Collectors.toUnmodifiableSet());
        this.peers = allowlist.stream().filter(e -> !e.id().equals(key.enodeId()))
                .map(e -> new Peer(e, org.bcpki.core.chain.Address.fromPublicKey(e.publicKey()))).toList();
        this.server = Javalin.create(cfg -> {
            cfg.http.maxRequestSize = MAX_BODY;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.post("/p2p", ctx -> {
                Optional<SignedMessage> message = SignedMessage.decode(Bytes.wrap(ctx.bodyAsBytes()));
                if (message.isEmpty()) {
                    LOG.warn("refused a badly signed peer message from {}", ctx.ip());
                    ctx.status(400);
                    return;
                }
                SignedMessage m = message.get();
                if (!this.allowlist.contains(m.senderPublicKey().toUnprefixedHexString())) {
                    LOG.warn("refused a peer not in the nodes allowlist: {}", m.sender());
                    ctx.status(403);
                    return;
                }
                if (!reachable.test(m.sender())) {
                    ctx.status(503);
                    return;
                }
                lastSeen.put(m.sender(), System.currentTimeMillis());
                PeerMessageKind kind;
                Bytes body;
                try {
                    Object[] parts = RLP.decodeList(m.payload(), r -> new Object[] {r.readInt(), r.readValue()});
                    kind = PeerMessageKind.of((Integer) parts[0]);
                    body = (Bytes) parts[1];
                } catch (RuntimeException e) {
                    LOG.warn("malformed peer message from {}: {}", m.sender(), e.getMessage());
                    ctx.status(400);
                    return;
                }
                try {
                    Bytes response = handler.handle(kind, body, m.sender());
                    ctx.contentType("application/octet-stream").result(response.toArrayUnsafe());
                } catch (Exception e) {
                    LOG.warn("peer {} sent a {} that was rejected: {}", m.sender(), kind, e.getMessage());
                    ctx.status(422);
                }
            });
        });
    }

    public PeerNetwork start(String host, int port) {
        server.start(host, port);
        return this;
    }

    public int port() {
        return server.port();
    }

    public List<Address> peerAddresses() {
        return peers.stream().map(Peer::address).toList();
    }

    /** Peers heard from (request or answer) in the last {@code windowMillis}. */
    public int activePeers(long windowMillis) {
        long now = System.currentTimeMillis();
        return (int) peers.stream().filter(p -> now - lastSeen.getOrDefault(p.address(), 0L) <= windowMillis).count();
    }

    private Bytes envelope(PeerMessageKind kind, Bytes body) {
        Bytes payload = RLP.encodeList(w -> {
            w.writeInt(kind.code);
            w.writeValue(body);
        });
        return SignedMessage.sign(key, payload).encode();
    }

    /** Fire-and-forget to the given peers (all peers when {@code to} is null). */
    public void send(PeerMessageKind kind, Bytes body, Set<Address> to) {
        Bytes envelope = envelope(kind, body);
        for (Peer p : peers) {
            if (to == null || to.contains(p.address())) {
                post(p, envelope).exceptionally(e -> null);
            }
        }
    }

    /** A request to one peer, answered with its response body. */
    public CompletableFuture<Bytes> request(Address peer, PeerMessageKind kind, Bytes body) {
        Peer p = peers.stream().filter(x -> x.address().equals(peer)).findFirst().orElseThrow();
        return post(p, envelope(kind, body));
    }

    /** Simulates a network partition: only peers accepted by {@code filter} can be reached or heard. */
    public void setReachable(java.util.function.Predicate<Address> filter) {
        reachable = filter;
    }

    private CompletableFuture<Bytes> post(Peer p, Bytes envelope) {
        if (!reachable.test(p.address())) {
            return CompletableFuture.failedFuture(new IllegalStateException("peer " + p.address() + " is partitioned away"));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + p.enode().host() + ":" + p.enode().port() + "/p2p"))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.toArrayUnsafe()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("peer " + p.address() + " answered HTTP " + r.statusCode());
            }
            lastSeen.put(p.address(), System.currentTimeMillis());
            return Bytes.wrap(r.body());
        });
    }

    @Override
    public void close() {
        server.stop();
        http.close();
    }
}
