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
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer-to-peer transport over loopback HTTP: every request is a {@link SignedMessage} whose
 * payload is RLP [kind, body]. Who is talking is decided from a signed {@link PeerAuth} header
 * before any of the body is read: no or a bad header 401, a key outside the nodes allowlist 403,
 * a body larger than a block can make 413 (by Content-Length, by the signed length, and while
 * streaming a chunked body); then the body must be the one the header signed.
 */
public final class PeerNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNetwork.class);
    /** RLPx frames carry at most 2^24 bytes: no devp2p message (a block included) is larger. */
    static final long MAX_BLOCK_BYTES = 16L * 1024 * 1024;
    /** Room for the envelope, a QBFT message's justification and a block's header and framing. */
    static final long OVERHEAD_BYTES = 1024 * 1024;
    public static final long DEFAULT_MAX_BODY = MAX_BLOCK_BYTES + OVERHEAD_BYTES;
    /** How far a request's timestamp may be from this node's clock. */
    static final long AUTH_WINDOW_MILLIS = 60_000;

    /** Handles one authenticated request; returns the response body (empty for none). */
    @FunctionalInterface
    public interface Handler {
        Bytes handle(PeerMessageKind kind, Bytes body, Address sender) throws Exception;
    }

    /** A peer as this node knows it, and whether it answered recently. */
    private record Peer(Enode enode, Address address) {}

    /** The nodes allowlist as one immutable snapshot: who may call in (by key) and whom this node calls. */
    private record Members(Set<String> ids, List<Peer> peers) {
        static Members of(List<Enode> allowlist, NodeKey self) {
            return new Members(allowlist.stream().map(Enode::id).collect(Collectors.toUnmodifiableSet()),
                    allowlist.stream().filter(e -> !e.id().equals(self.enodeId())).distinct()
                            .map(e -> new Peer(e, Address.fromPublicKey(e.publicKey()))).toList());
        }
    }

    private final NodeKey key;
    private final long maxBody;
    private final Map<Bytes, Long> seenNonces = new ConcurrentHashMap<>();
    /** Replaced whole at run time (perm_* methods, a reloaded permissions file); readers take one snapshot. */
    private volatile Members members;
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
        this(key, allowlist, handler, DEFAULT_MAX_BODY);
    }

    /** @param maxBody the largest request body accepted (see {@link #maxBodyFor}) */
    public PeerNetwork(NodeKey key, List<Enode> allowlist, Handler handler, long maxBody) {
        this.key = key;
        this.maxBody = maxBody;
        this.members = Members.of(allowlist, key);
        this.server = Javalin.create(cfg -> {
            cfg.http.maxRequestSize = maxBody;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.post("/p2p", ctx -> {
                Optional<Address> sender = authenticate(ctx);
                if (sender.isEmpty()) {
                    return;
                }
                Optional<SignedMessage> message = SignedMessage.decode(Bytes.wrap((byte[]) ctx.attribute(BODY)));
                if (message.isEmpty() || !message.get().sender().equals(sender.get())) {
                    LOG.warn("refused a badly signed peer message from {}", sender.get());
                    ctx.status(400);
                    return;
                }
                SignedMessage m = message.get();
                if (!reachable.test(m.sender())) {
                    ctx.status(503);
                    return;
                }
                lastSeen.put(m.sender(), System.currentTimeMillis());
                PeerMessageKind kind;
                Bytes body;
                try {
                    PeerPayload payload = PeerPayload.decode(m.payload());
                    kind = payload.kind();
                    body = payload.body();
                } catch (MalformedDataException e) {
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

    private static final String BODY = "bcpki.peer.body";

    /** The body cap for a chain whose blocks have {@code blockGasLimit}: calldata costs at least 4 gas a byte. */
    public static long maxBodyFor(long blockGasLimit) {
        return Math.min(blockGasLimit / 4, MAX_BLOCK_BYTES) + OVERHEAD_BYTES;
    }

    public long maxBody() {
        return maxBody;
    }

    /**
     * Checks the size and the signed header, then reads exactly the signed body (stored in the
     * context); on any failure sets the status and returns empty, having read none of a refused body.
     */
    private Optional<Address> authenticate(io.javalin.http.Context ctx) throws java.io.IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBody) {
            LOG.warn("refused a {}-byte peer request from {} (limit {})", declared, ctx.ip(), maxBody);
            ctx.status(413);
            return Optional.empty();
        }
        Optional<PeerAuth> header = PeerAuth.verify(ctx.header(PeerAuth.HEADER));
        if (header.isEmpty()) {
            LOG.warn("refused a peer request without a valid {} header from {}", PeerAuth.HEADER, ctx.ip());
            ctx.status(401);
            return Optional.empty();
        }
        PeerAuth auth = header.get();
        if (!members.ids().contains(auth.senderPublicKey().toUnprefixedHexString())) {
            LOG.warn("refused a peer not in the nodes allowlist: {}", auth.sender());
            ctx.status(403);
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        if (!auth.recipient().equals(key.address()) || Math.abs(now - auth.timestampMillis()) > AUTH_WINDOW_MILLIS
                || !firstUse(auth.nonce(), now)) {
            LOG.warn("refused a stale, replayed or misdirected peer request from {}", auth.sender());
            ctx.status(401);
            return Optional.empty();
        }
        if (auth.bodyLength() > maxBody || (declared >= 0 && declared != auth.bodyLength())) {
            LOG.warn("refused a peer request from {}: {} bytes signed, {} declared (limit {})", auth.sender(),
                    auth.bodyLength(), declared, maxBody);
            ctx.status(auth.bodyLength() > maxBody ? 413 : 400);
            return Optional.empty();
        }
        Optional<byte[]> body = readAtMost(ctx.req().getInputStream(), auth.bodyLength());
        if (body.isEmpty()) {
            LOG.warn("refused a peer request from {}: the body runs past its signed {} bytes", auth.sender(), auth.bodyLength());
            ctx.status(413);
            return Optional.empty();
        }
        if (body.get().length != auth.bodyLength() || !PeerAuth.hash(Bytes.wrap(body.get())).equals(auth.bodyHash())) {
            LOG.warn("refused a peer request from {}: the body is not the one its header signed", auth.sender());
            ctx.status(400);
            return Optional.empty();
        }
        ctx.attribute(BODY, body.get());
        return Optional.of(auth.sender());
    }

    /** Reads the stream to its end; empty as soon as it holds more than {@code limit} bytes. */
    private static Optional<byte[]> readAtMost(java.io.InputStream in, long limit) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - out.size() + 1))) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > limit) {
                return Optional.empty();
            }
        }
        return Optional.of(out.toByteArray());
    }

    /** Remembers a request nonce for the timestamp window; false if it was used already (a replay). */
    private boolean firstUse(Bytes nonce, long now) {
        if (seenNonces.size() > 10_000) {
            seenNonces.values().removeIf(t -> now - t > 2 * AUTH_WINDOW_MILLIS);
        }
        return seenNonces.putIfAbsent(nonce, now) == null;
    }

    public PeerNetwork start(String host, int port) {
        server.start(host, port);
        return this;
    }

    public int port() {
        return server.port();
    }

    public List<Address> peerAddresses() {
        return members.peers().stream().map(Peer::address).toList();
    }

    /**
     * Replaces the nodes allowlist: from now on only these keys may call in, and only these nodes
     * are called. A request already past authentication completes.
     */
    public void setAllowlist(List<Enode> allowlist) {
        members = Members.of(allowlist, key);
    }

    /** Peers heard from (request or answer) in the last {@code windowMillis}. */
    public int activePeers(long windowMillis) {
        long now = System.currentTimeMillis();
        return (int) members.peers().stream().filter(p -> now - lastSeen.getOrDefault(p.address(), 0L) <= windowMillis).count();
    }

    private Bytes envelope(PeerMessageKind kind, Bytes body) {
        return SignedMessage.sign(key, new PeerPayload(kind, body).encode()).encode();
    }

    /** Fire-and-forget to the given peers (all peers when {@code to} is null). */
    public void send(PeerMessageKind kind, Bytes body, Set<Address> to) {
        Bytes envelope = envelope(kind, body);
        for (Peer p : members.peers()) {
            if (to == null || to.contains(p.address())) {
                post(p, envelope).exceptionally(e -> null);
            }
        }
    }

    /** A request to one peer, answered with its response body. */
    public CompletableFuture<Bytes> request(Address peer, PeerMessageKind kind, Bytes body) {
        Optional<Peer> p = members.peers().stream().filter(x -> x.address().equals(peer)).findFirst();
        if (p.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("peer " + peer + " is not in the nodes allowlist"));
        }
        return post(p.get(), envelope(kind, body));
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
                .header(PeerAuth.HEADER, PeerAuth.sign(key, p.address(), envelope))
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
