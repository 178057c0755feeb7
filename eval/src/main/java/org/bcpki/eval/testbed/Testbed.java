package org.bcpki.eval.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.authority.AttestationCheck;
import org.bcpki.authority.AuthorityPolicy;
import org.bcpki.authority.AuthorityService;
import org.bcpki.authority.Caller;
import org.bcpki.authority.CallerDirectory;
import org.bcpki.authority.ReleaseRoutes;
import org.bcpki.authority.RequestLog;
import org.bcpki.authority.RequestSignature;
import org.bcpki.chain.network.DevAccount;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.node.EmbeddedNetwork;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.MirrorConfig;
import org.bcpki.mirror.trust.TrustAnchor;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.SmPki;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Everything the demo and the evaluation run on, in this JVM and on loopback: the embedded QBFT
 * network (validators and mirrors), the IdentityRegistry and the SoftwareRegistry deployed on it,
 * three authority services (HTTP + SQLite, each talking to its own validator; PTB and GWA-Nord also
 * approve firmware releases), and the X.509 baseline (ML-DSA-65 hierarchy with CRL, OCSP and LDAP
 * servers). {@link #close()} stops all of it, newest first.
 */
public final class Testbed implements AutoCloseable {
    public static final long CHAIN_ID = 1337;
    public static final List<String> AUTHORITY_NAMES = List.of("PTB", "BSI", "GWA-Nord");
    static final String REGISTRAR_ID = "lab-1";
    /** Dev accounts: 0 deploys, 1..3 are the authorities, 4 is the meter manufacturer. */
    static final int MANUFACTURER_ACCOUNT = 4;
    static final String OPERATOR_ID = "ops-1";
    /**
     * The authorities whose services approve firmware releases (issue #20), 2 of 2: PTB, the notified
     * body, and GWA-Nord, standing for the metering service provider that runs the gateways.
     */
    public static final List<Integer> RELEASE_APPROVERS = List.of(0, 2);

    private final Path dir;
    private final Consumer<String> log;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final KeyPair registrarKey = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).generate(new SecureRandom());
    private final KeyPair operatorKey = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).generate(new SecureRandom());
    private NetworkSpec spec;
    private EmbeddedNetwork network;
    private Address registry;
    private int grantThreshold;
    private Address softwareRegistry;
    /** Each release approver's ML-DSA-65 key, which its AUTHORITY grant will hold (granted by {@link #releases()}). */
    private final Map<Integer, KeyPair> approvalKeys = new HashMap<>();
    private SoftwareReleases releases;
    /** The meter manufacturer's account on the registry (its enroller): anchors device enrollments. */
    private RegistryClient manufacturer;
    private final List<AuthorityService> authorities = new ArrayList<>();
    private SmPki pki;
    private PkiServer pkiServer;
    private String pkiRegistrarToken;

    /** Sizing of a testbed. */
    public record Options(int validators, int mirrors, Duration crlValidity) {
        public static Options standard() {
            return new Options(4, 2, Duration.ofHours(1));
        }
    }

    private Testbed(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /** Starts every part; on failure, stops what was started and rethrows. */
    public static Testbed start(Path dir, Options options, Consumer<String> log) throws Exception {
        Testbed bed = new Testbed(dir, log);
        try {
            bed.startNetwork(options);
            bed.deployRegistry();
            bed.deploySoftwareRegistry();
            bed.startAuthorities();
            bed.startPki(options.crlValidity());
        } catch (Exception | Error e) {
            bed.close();
            throw e;
        }
        return bed;
    }

    private void startNetwork(Options options) throws Exception {
        Path networkDir = dir.resolve("network");
        spec = NetworkSpec.generate(options.validators(), options.mirrors(), 1, CHAIN_ID, 6, new SecureRandom(),
                FreePorts::next);
        NetworkFiles.write(spec, networkDir);
        network = EmbeddedNetwork.start(networkDir);
        started.push(network);
        if (!EmbeddedNetwork.awaitReady(spec, Duration.ofSeconds(30))) {
            throw new IllegalStateException("the embedded network did not answer JSON-RPC within 30 s");
        }
        log.accept("network: " + options.validators() + " validators, " + options.mirrors() + " mirrors, 1 s blocks, "
                + "RPC " + validatorUrls().get(0));
    }

    private void deployRegistry() throws Exception {
        List<RegistrySetup.Seat> seats = new ArrayList<>();
        for (int i = 0; i < AUTHORITY_NAMES.size(); i++) {
            seats.add(new RegistrySetup.Seat(credentials(i + 1).getAddress(), AUTHORITY_NAMES.get(i), Set.of(Role.values())));
        }
        Web3j web3j = web3j(validatorUrls().get(0));
        Credentials enroller = credentials(MANUFACTURER_ACCOUNT);
        RegistrySetup setup = RegistrySetup.withDefaults(seats, List.of(), List.of(enroller.getAddress()));
        grantThreshold = setup.grantThreshold();
        registry = RegistryClient.deploy(web3j, credentials(0), CHAIN_ID, setup);
        manufacturer = RegistryClient.connect(web3j, registry, enroller, CHAIN_ID);
        log.accept("registry: IdentityRegistry at " + registry + " (grant threshold " + grantThreshold + " of " + seats.size()
                + "; meter manufacturer " + enroller.getAddress() + " anchors enrollments)");
    }

    private void deploySoftwareRegistry() throws Exception {
        softwareRegistry = SoftwareRegistryClient.deploy(web3j(validatorUrls().get(0)), credentials(0), CHAIN_ID, registry);
        log.accept("releases: SoftwareRegistry at " + softwareRegistry + " (approved by "
                + RELEASE_APPROVERS.stream().map(AUTHORITY_NAMES::get).collect(Collectors.joining(" and ")) + ")");
    }

    private void startAuthorities() throws Exception {
        CallerDirectory callers = new CallerDirectory(List.of(
                new Caller(REGISTRAR_ID, Caller.Kind.REGISTRAR, KeyAlgorithm.ECDSA_P256, spki(registrarKey)),
                new Caller(OPERATOR_ID, Caller.Kind.OPERATOR, KeyAlgorithm.ECDSA_P256, spki(operatorKey))));
        // Meters must prove their PUF-derived key with an attestation (puf-attest's verifier in each service).
        AuthorityPolicy policy = new AuthorityPolicy(Set.of(Role.values()),
                Set.of(KeyAlgorithm.ML_DSA_65, KeyAlgorithm.ECDSA_P256), true, 730);
        List<String> urls = validatorUrls();
        for (int i = 0; i < AUTHORITY_NAMES.size(); i++) {
            Path home = Files.createDirectories(dir.resolve("authority-" + (i + 1)));
            Web3j web3j = web3j(urls.get(i % urls.size()));
            RegistryClient chain = RegistryClient.connect(web3j, registry, credentials(i + 1), CHAIN_ID);
            AuthorityService service = AuthorityService.start(new AuthorityService.Settings(AUTHORITY_NAMES.get(i), policy,
                    callers, AttestationCheck.puf(AUTHORITY_NAMES.get(i), chain), home.resolve("authority.db"), chain, Clock.systemUTC(), 200,
                    null, RequestLog.none(), releaseSettings(i, web3j)), "127.0.0.1", 0);
            started.push(service);
            authorities.add(service);
        }
        log.accept("authorities: " + AUTHORITY_NAMES + " on ports "
                + authorities.stream().map(a -> String.valueOf(a.port())).collect(Collectors.joining(", ")));
    }

    /** A release approver signs with the key of its (future) AUTHORITY grant; the others answer 503 to releases. */
    private ReleaseRoutes.Settings releaseSettings(int index, Web3j web3j) throws IOException {
        if (!RELEASE_APPROVERS.contains(index)) {
            return null;
        }
        KeyPair key = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
        approvalKeys.put(index, key);
        return new ReleaseRoutes.Settings(SoftwareRegistryClient.connect(web3j, softwareRegistry, credentials(index + 1),
                CHAIN_ID), SubjectId.parse(AUTHORITY_NAMES.get(index)), key);
    }

    private void startPki(Duration crlValidity) throws Exception {
        SmPki.Created created = SmPki.create(dir.resolve("pki"), new SmPki.Settings(PkiAlgorithm.MLDSA,
                PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), crlValidity));
        pki = created.pki();
        pkiRegistrarToken = created.registrarToken();
        started.push(pki);
        pkiServer = PkiServer.startAtPublicationPoints(pki);
        started.push(pkiServer);
        log.accept("x509: ML-DSA-65 SM-PKI (root + 5 sub-CAs), CRL nextUpdate " + crlValidity + ", HTTP "
                + pkiServer.httpUrl() + ", LDAP " + pkiServer.ldapUrl());
    }

    public NetworkSpec spec() {
        return spec;
    }

    public EmbeddedNetwork network() {
        return network;
    }

    public Address registry() {
        return registry;
    }

    /** k: approvals a grant, and a firmware release, needs. */
    public int grantThreshold() {
        return grantThreshold;
    }

    public Address softwareRegistry() {
        return softwareRegistry;
    }

    /**
     * Firmware releases on this testbed; the first call makes the manufacturer and the approvers
     * able to sign (governance, then three grants: some seconds of blocks).
     */
    public synchronized SoftwareReleases releases() throws Exception {
        if (releases == null) {
            releases = SoftwareReleases.enable(this, Map.copyOf(approvalKeys));
        }
        return releases;
    }

    public SmPki pki() {
        return pki;
    }

    public PkiServer pkiServer() {
        return pkiServer;
    }

    /** The bearer token of the X.509 issuance service's registrar. */
    public String pkiRegistrarToken() {
        return pkiRegistrarToken;
    }

    public Path dir() {
        return dir;
    }

    public List<String> validatorUrls() {
        return spec.nodes().stream().filter(n -> n.role() == NodeRole.VALIDATOR).map(NodeSpec::rpcUrl).toList();
    }

    public List<String> mirrorUrls() {
        return spec.nodes().stream().filter(n -> n.role() == NodeRole.MIRROR).map(NodeSpec::rpcUrl).toList();
    }

    /** The data directory of a node (blocks, receipts, state), for storage growth. */
    public Path nodeData(String nodeName) {
        return dir.resolve("network").resolve(nodeName).resolve("data");
    }

    /** A light client as the gateway runs it: anchored at genesis, following the mirrors only. */
    public MirrorClient newMirrorClient(Path store) throws IOException {
        TrustAnchor anchor = genesisAnchor(mirrorUrls().get(0), CHAIN_ID, spec.genesisValidators(), spec.epochLength());
        return MirrorClient.open(MirrorConfig.of(anchor, String.join(",", mirrorUrls())).withStore(store)
                .withRegistry(registry));
    }

    /** A genesis trust anchor from block 0 as one endpoint reports it (its hash is rechecked on sync). */
    public static TrustAnchor genesisAnchor(String rpcUrl, long chainId, List<Address> validators, long epochLength) throws IOException {
        try (RpcClient rpc = new RpcClient(rpcUrl)) {
            JsonNode block = rpc.call("eth_getBlockByNumber", "0x0", false);
            List<Address> sorted = validators.stream().sorted((a, b) -> a.value().compareTo(b.value())).toList();
            return TrustAnchor.genesis(chainId, Bytes32.fromHexString(block.get("hash").asText()), sorted, epochLength, 1);
        }
    }

    /** Current chain height as validator-1 reports it. */
    public long blockNumber() throws IOException {
        try (RpcClient rpc = new RpcClient(validatorUrls().get(0))) {
            return RpcClient.quantity(rpc.call("eth_blockNumber"));
        }
    }

    /** A grant request's outcome at the registrar: registry request id, final state, bytes exchanged. */
    public record GrantOutcome(String requestId, String state, String reason, long bytes) {}

    /**
     * A registrar sends the same grant request to authorities {@code via} (indexes into
     * {@link #AUTHORITY_NAMES}); each checks it and approves; returns when the registry reports the
     * grant ACTIVE (or the request failed), as seen by the first authority's service.
     */
    public GrantOutcome requestGrant(SubjectId subject, String identity, Role role, KeyAlgorithm algorithm, KeyPair device,
            List<Integer> via, Duration timeout) throws Exception {
        return requestGrant(subject, identity, role, algorithm, device, null, via, timeout);
    }

    /** As above, with the meter's PUF attestation for each authority's challenge ({@code puf} null: none). */
    public GrantOutcome requestGrant(SubjectId subject, String identity, Role role, KeyAlgorithm algorithm, KeyPair device,
            PufMeter puf, List<Integer> via, Duration timeout) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        long notBefore = now - 60;
        long notAfter = now + 365L * 86_400;
        SignatureSuite suite = SignatureSuite.of(algorithm);
        long bytes = 0;
        String requestId = null;
        for (int index : via) {
            AuthorityApi api = registrar(index);
            AuthorityApi.Reply challenge = api.post("/v1/challenges", null);
            bytes += challenge.bytes();
            require(challenge, 201, "challenge from " + AUTHORITY_NAMES.get(index));
            String nonce = challenge.body().get("challenge").asText();
            byte[] pop = suite.sign(device.getPrivate(), RequestSignature.proofOfPossessionBytes(nonce, subject.toHex()));
            ObjectNode body = AuthorityApi.object().put("subject", identity).put("role", role.name())
                    .put("algorithm", algorithm.displayName())
                    .put("publicKey", Base64.getEncoder().encodeToString(suite.encodePublicKey(device.getPublic())))
                    .put("challenge", nonce).put("proofOfPossession", Base64.getEncoder().encodeToString(pop))
                    .put("notBefore", notBefore).put("notAfter", notAfter);
            if (puf != null) {
                body.set("attestation", puf.attestation(AUTHORITY_NAMES.get(index), nonce));
            }
            AuthorityApi.Reply reply = api.post("/v1/grant-requests", body);
            bytes += reply.bytes();
            if (reply.status() != 201 && reply.status() != 200) {
                throw new IllegalStateException(AUTHORITY_NAMES.get(index) + " refused the grant request for " + identity
                        + ": HTTP " + reply.status() + " " + reply.body());
            }
            requestId = reply.body().get("id").asText();
        }
        AuthorityApi first = registrar(via.get(0));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            AuthorityApi.Reply status = first.get("/v1/grant-requests/" + requestId);
            JsonNode body = status.body();
            String state = body.path("state").asText();
            if (state.equals("ACTIVE") || state.equals("CLOSED") || state.equals("FAILED")) {
                return new GrantOutcome(requestId, state, body.path("reason").asText(""), bytes);
            }
            if (System.nanoTime() > deadline) {
                return new GrantOutcome(requestId, state + " (timed out after " + timeout.toSeconds() + " s)",
                        body.path("reason").asText(""), bytes);
            }
            Thread.sleep(100);
        }
    }

    /** The operator of authority {@code index} revokes; returns once the revocation transaction is mined. */
    public GrantOutcome revoke(int index, String identity, String reason, Duration timeout) throws Exception {
        AuthorityApi api = operator(index);
        AuthorityApi.Reply reply = api.post("/v1/revocations", AuthorityApi.object().put("subject", identity).put("reason", reason));
        require(reply, 202, "revocation at " + AUTHORITY_NAMES.get(index));
        String id = reply.body().get("id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode body = api.get("/v1/revocations/" + id).body();
            String state = body.path("state").asText();
            if (state.equals("REVOKED") || state.equals("VOTED") || state.equals("FAILED")) {
                return new GrantOutcome(id, state, body.path("failure").asText(""), reply.bytes());
            }
            if (System.nanoTime() > deadline) {
                return new GrantOutcome(id, state + " (timed out)", "", reply.bytes());
            }
            Thread.sleep(50);
        }
    }

    /** Authority {@code index}'s API as its operator. */
    AuthorityApi operator(int index) {
        return new AuthorityApi(url(index), OPERATOR_ID, KeyAlgorithm.ECDSA_P256, operatorKey);
    }

    private AuthorityApi registrar(int index) {
        return new AuthorityApi(url(index), REGISTRAR_ID, KeyAlgorithm.ECDSA_P256, registrarKey);
    }

    private String url(int index) {
        return "http://127.0.0.1:" + authorities.get(index).port();
    }

    static void require(AuthorityApi.Reply reply, int status, String what) {
        if (reply.status() != status) {
            throw new IllegalStateException(what + " failed: HTTP " + reply.status() + " " + reply.body());
        }
    }

    /**
     * The manufacturer anchors a meter's enrollment record on chain, as at production: without it
     * the authorities refuse the meter's attestation.
     */
    public void anchorEnrollment(PufMeter meter) throws Exception {
        manufacturer.anchorEnrollment(meter.subjectId(), meter.attestationHash());
    }

    Credentials credentials(int devAccount) {
        DevAccount account = spec.devAccounts().get(devAccount);
        return Credentials.create(account.privateKey().toHexString());
    }

    Web3j web3j(String url) {
        Web3j web3j = Web3j.build(new HttpService(url));
        started.push(web3j::shutdown);
        return web3j;
    }

    private static byte[] spki(KeyPair key) {
        return SignatureSuite.of(KeyAlgorithm.ECDSA_P256).encodePublicKey(key.getPublic());
    }

    /** Registers something started on this testbed's behalf, to be closed with it. */
    public <T extends AutoCloseable> T own(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.accept("while stopping: " + e);
            }
        }
    }
}
