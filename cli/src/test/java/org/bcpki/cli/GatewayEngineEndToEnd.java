package org.bcpki.cli;

import static org.bcpki.cli.GatewayCli.assertOk;
import static org.bcpki.cli.GatewayCli.status;
import static org.bcpki.cli.GatewayCli.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bcpki.authority.AttestationCheck;
import org.bcpki.authority.AuthorityPolicy;
import org.bcpki.authority.AuthorityService;
import org.bcpki.authority.Caller;
import org.bcpki.authority.CallerDirectory;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.Gateway;
import org.bcpki.gateway.identity.ChainVerifier;
import org.bcpki.gateway.identity.DualVerifier;
import org.bcpki.gateway.identity.IdentityClaim;
import org.bcpki.gateway.identity.IdentityVerdict;
import org.bcpki.gateway.identity.VerifierSettings;
import org.bcpki.gateway.identity.X509Settings;
import org.bcpki.gateway.identity.X509Verifier;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.SecurityEntry;
import org.bcpki.gateway.wan.AccessProfile;
import org.bcpki.gateway.wan.SelfSignedTls;
import org.bcpki.gateway.wan.SignedRequest;
import org.bcpki.pki.CertificateUsage;
import org.bcpki.pki.Issuer;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.Pem;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.RevocationReason;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.SmPkiProfile;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine;

/**
 * The issue's end-to-end flow, on any engine's network (through {@link EngineNetwork}: JSON-RPC
 * endpoints and the network directory's files only): the IdentityRegistry deployed through a
 * validator with two authorities (grants need both approvals, a revocation one), both authorities'
 * services (authority-nodes: a registrar's signed grant requests with proof of possession,
 * approvals on chain, an operator's revocations), {@code gateway run --trust chain} following the
 * mirror node with the light client anchored at genesis.json, meters as {@code meter simulate} on
 * socat pairs, an EMT over HTTPS. A granted meter's readings are accepted; once its revocation is
 * finalised its next reading is rejected within two blocks; unknown and expired meters are
 * rejected; the EMT is allowed, then refused after its revocation. Finally the same identities,
 * certified in an SM-PKI with the same facts, get the same decisions from the X.509 verifier
 * ({@code --trust both} finds no disagreement). Times follow the spec's block period.
 */
final class GatewayEngineEndToEnd {
    /** Funded accounts the flow uses: the registrar and two authorities. */
    static final int ACCOUNTS = 3;
    private static final String METER = "1ESY1160000000";
    private static final String EXPIRING = "1ESY1160000001";
    private static final String UNKNOWN = "1ESY1160000002";
    private static final String EMT = "stadtwerke-nord.emt";

    private GatewayEngineEndToEnd() {}

    /** Runs the flow on a network that is up; {@code work} holds keys, the services' databases and the gateway store. */
    static void run(EngineNetwork network, Path work) throws Exception {
        long chainId = network.spec().chainId();
        long period = network.blockPeriodSeconds();
        Path keys = work.resolve("keys");
        MeterKey meter = MeterKey.create(keys.resolve("meter"), KeyAlgorithm.ECDSA_BRAINPOOLP256R1, new SecureRandom());
        MeterKey expiring = MeterKey.create(keys.resolve("expiring"), KeyAlgorithm.ECDSA_BRAINPOOLP256R1, new SecureRandom());
        MeterKey.create(keys.resolve("unknown"), KeyAlgorithm.ECDSA_BRAINPOOLP256R1, new SecureRandom());
        KeyPair emtKey = SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).generate(new SecureRandom());
        byte[] emtSpki = SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).encodePublicKey(emtKey.getPublic());

        // writes go to a validator; the gateway, its light client and the reads here follow the mirror node
        String rpc = network.mirrorRpc();
        Web3j web3j = Web3j.build(new HttpService(rpc));
        Web3j validator = Web3j.build(new HttpService(network.validatorRpc()));
        AuthorityService ptbService = null;
        AuthorityService bnetzaService = null;
        try {
            Credentials registrarAccount = network.account(0);
            Credentials authority1 = network.account(1);
            Credentials authority2 = network.account(2);
            String registry = RegistryClient.deploy(validator, registrarAccount, chainId, RegistrySetup.withDefaults(
                    List.of(new RegistrySetup.Seat(authority1.getAddress(), "PTB", Set.of(Role.METER, Role.EMT)),
                            new RegistrySetup.Seat(authority2.getAddress(), "BNetzA", Set.of(Role.METER, Role.EMT))),
                    List.of(RegistrySetup.Registrar.anyRole(registrarAccount.getAddress())), List.of())).toHex();
            RegistryClient registrar = RegistryClient.connect(validator, Address.fromHex(registry), registrarAccount, chainId);
            RegistryClient ptb = RegistryClient.connect(validator, Address.fromHex(registry), authority1, chainId);
            RegistryClient bnetza = RegistryClient.connect(validator, Address.fromHex(registry), authority2, chainId);
            // The authorities' services: the registrar (lab-1) sends each the same request, each files or
            // approves it on chain; an operator (ops-1) asks PTB for revocations (threshold 1).
            KeyPair lab = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).generate(new SecureRandom());
            KeyPair ops = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).generate(new SecureRandom());
            CallerDirectory callers = new CallerDirectory(List.of(
                    new Caller("lab-1", Caller.Kind.REGISTRAR, KeyAlgorithm.ECDSA_P256, spki(KeyAlgorithm.ECDSA_P256, lab)),
                    new Caller("ops-1", Caller.Kind.OPERATOR, KeyAlgorithm.ECDSA_P256, spki(KeyAlgorithm.ECDSA_P256, ops))));
            AuthorityPolicy policy = new AuthorityPolicy(Set.of(Role.METER, Role.EMT),
                    Set.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1), false, 730);
            ptbService = AuthorityService.start(new AuthorityService.Settings("PTB", policy, callers,
                    AttestationCheck.unavailable(), work.resolve("ptb.db"), ptb, Clock.systemUTC(), 300, null),
                    "127.0.0.1", 0);
            bnetzaService = AuthorityService.start(new AuthorityService.Settings("BNetzA", policy, callers,
                    AttestationCheck.unavailable(), work.resolve("bnetza.db"), bnetza, Clock.systemUTC(), 300, null),
                    "127.0.0.1", 0);
            List<GatewayAuthorityApi> labToAuthorities = List.of(
                    new GatewayAuthorityApi("http://127.0.0.1:" + ptbService.port(), "lab-1", KeyAlgorithm.ECDSA_P256, lab),
                    new GatewayAuthorityApi("http://127.0.0.1:" + bnetzaService.port(), "lab-1", KeyAlgorithm.ECDSA_P256, lab));
            GatewayAuthorityApi operator = new GatewayAuthorityApi("http://127.0.0.1:" + ptbService.port(), "ops-1",
                    KeyAlgorithm.ECDSA_P256, ops);
            long now = Instant.now().getEpochSecond();
            String meterRequest = null;
            String emtRequest = null;
            for (GatewayAuthorityApi authority : labToAuthorities) {
                meterRequest = authority.requestGrant(METER, Role.METER, KeyAlgorithm.ECDSA_BRAINPOOLP256R1,
                        meter.keyPair(), now - 60, now + 365 * 86_400L);
                emtRequest = authority.requestGrant(EMT, Role.EMT, KeyAlgorithm.ECDSA_BRAINPOOLP256R1, emtKey,
                        now - 60, now + 365 * 86_400L);
            }
            operator.awaitState("/v1/grant-requests/" + meterRequest, "ACTIVE", Duration.ofSeconds(180));
            operator.awaitState("/v1/grant-requests/" + emtRequest, "ACTIVE", Duration.ofSeconds(180));
            // A short grant, filed and approved on the registry directly, to see it expire.
            long expiresAt = Instant.now().getEpochSecond() + 30 * period; // room for request and approvals on a loaded machine
            grant(registrar, List.of(ptb, bnetza), EXPIRING, Role.METER, expiring.spki(), expiresAt);
            // The gateway follows the mirror, which may still be importing the blocks with these grants.
            long grantsSealedBy = validator.ethBlockNumber().send().getBlockNumber().longValueExact();

            Path anchor = network.genesisAnchor(work.resolve("anchor.json"));

            Path store = work.resolve("store");
            Files.createDirectories(store);
            Files.writeString(store.resolve(AccessProfile.FILE_NAME), EMT + " = " + METER + "\n");
            GatewayCommand.Run run = new GatewayCommand.Run();
            long revokedIn;
            try (PseudoTerminalPair pair = PseudoTerminalPair.open()) {
                AtomicInteger exit = new AtomicInteger(-1);
                Thread gateway = Thread.ofPlatform().start(() -> exit.set(new CommandLine(run).execute(
                        "--lmn-port", pair.hostEnd(), "--trust", "chain", "--rpc", rpc, "--anchor",
                        anchor.toString(), "--registry", registry, "--store", store.toString(), "--wan-port", "0")));
                try {
                    waitFor(Duration.ofSeconds(120), () -> Files.exists(store.resolve(Gateway.WAN_URL_FILE)));
                    waitFor(Duration.ofSeconds(180), () -> status(store).path("lastVerifiedBlock").asLong() >= grantsSealedBy,
                            () -> "the gateway's view never reached block " + grantsSealedBy + ": " + status(store));
                    assertOk(simulate(pair, METER, keys.resolve("meter"), 2));
                    assertOk(simulate(pair, UNKNOWN, keys.resolve("unknown"), 1));
                    waitFor(Duration.ofSeconds(180), () -> status(store).get("accepted").asLong() == 2
                            && status(store).get("rejected").path("UNKNOWN").asLong() == 1, () -> status(store).toString());
                    JsonNode status = status(store);
                    assertTrue(status.get("lastVerifiedBlock").asLong() > 0, status.toString());
                    assertTrue(status.get("viewAgeSeconds").asLong() <= 120, "a live view: " + status);

                    HttpClient https = HttpClient.newBuilder().sslContext(SelfSignedTls.trusting(
                            Files.readString(store.resolve(Gateway.WAN_CERT_FILE)))).build();
                    String wan = Files.readString(store.resolve(Gateway.WAN_URL_FILE)).trim();
                    assertEquals(200, emtGet(https, wan, emtKey).statusCode());

                    long meterRevocation = operator.revoke(METER, "keyCompromise");
                    long emtRevocation = operator.revoke(EMT, "contract ended");
                    String revocationTx = operator.awaitState("/v1/revocations/" + meterRevocation, "REVOKED",
                            Duration.ofSeconds(180)).get("tx").asText();
                    revokedIn = validator.ethGetTransactionReceipt(revocationTx).send().getTransactionReceipt()
                            .orElseThrow().getBlockNumber().longValueExact();
                    operator.awaitState("/v1/revocations/" + emtRevocation, "REVOKED", Duration.ofSeconds(180));
                    // A reading decided at a verified head that includes the revocation block must be
                    // refused. How many blocks the gateway lags is a measurement (eval), not a test: under
                    // load its sync may fall behind, so each accepted reading is checked against the head
                    // the gateway had verified before the reading was sent.
                    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                    while (status(store).get("rejected").path("REVOKED").asLong() == 0) {
                        assertTrue(System.nanoTime() < deadline, "the gateway never refused the revoked meter: " + status(store));
                        long verifiedBefore = status(store).get("lastVerifiedBlock").asLong();
                        long acceptedBefore = status(store).get("accepted").asLong();
                        assertOk(simulate(pair, METER, keys.resolve("meter"), 1));
                        waitFor(Duration.ofSeconds(180), () -> status(store).get("accepted").asLong() > acceptedBefore
                                || status(store).get("rejected").path("REVOKED").asLong() > 0);
                        if (status(store).get("rejected").path("REVOKED").asLong() == 0) {
                            assertTrue(verifiedBefore < revokedIn, "a reading was accepted although the gateway had verified block "
                                    + verifiedBefore + ", which includes the revocation (block " + revokedIn + ")");
                        }
                    }
                    HttpResponse<String> refused = emtGet(https, wan, emtKey);
                    assertEquals(403, refused.statusCode(), refused.body());
                    assertEquals("REVOKED", Output.mapper().readTree(refused.body()).get("error").asText());

                    // Expiry is judged at the time of the block the gateway has verified, not the chain's head:
                    // wait until the gateway's own verified block is past notAfter.
                    waitFor(Duration.ofSeconds(120 * period),
                            () -> blockTime(web3j, status(store).get("lastVerifiedBlock").asLong()) > expiresAt);
                    assertOk(simulate(pair, EXPIRING, keys.resolve("expiring"), 1));
                    waitFor(Duration.ofSeconds(180), () -> status(store).get("rejected").path("EXPIRED").asLong() == 1);
                } finally {
                    run.stopped.countDown();
                    gateway.join(10_000);
                }
                assertEquals(0, exit.get());
            }
            try (GatewayStore log = GatewayStore.open(store)) {
                assertTrue(log.verifyLog().intact());
                SecurityEntry revoked = log.securityEntries(1, 10_000).stream()
                        .filter(e -> e.record().reason().equals("REVOKED") && e.record().subject().equals(METER))
                        .findFirst().orElseThrow();
                long evidenceBlock = Long.parseLong(revoked.record().evidence().split(" ")[2]);
                // The refusal cites a verified block that includes the revocation.
                assertTrue(evidenceBlock >= revokedIn, revoked.record().evidence());
            }

            sameDecisionsFromX509(work, rpc, anchor, registry, meter, expiring, emtKey, expiresAt);
        } finally {
            if (ptbService != null) {
                ptbService.close();
            }
            if (bnetzaService != null) {
                bnetzaService.close();
            }
            web3j.shutdown();
            validator.shutdown();
        }
    }

    /** The same identities in an SM-PKI with the same facts: x509 and chain decide alike. */
    private static void sameDecisionsFromX509(Path work, String rpc, Path anchor, String registry, MeterKey meter, MeterKey expiring,
            KeyPair emtKey, long expiresAt) throws Exception {
        Path pkiDir = work.resolve("pki");
        SmPki.Created created = SmPki.create(pkiDir, new SmPki.Settings(PkiAlgorithm.ECDSA,
                PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), Duration.ofHours(1)));
        try (SmPki pki = created.pki(); PkiServer server = PkiServer.startAtPublicationPoints(pki)) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<byte[]> meterChain = certify(pki, METER, Role.METER, meter.keyPair(), now.minusSeconds(60),
                    now.plus(Duration.ofDays(365)), true);
            List<byte[]> emtChain = certify(pki, EMT, Role.EMT, emtKey, now.minusSeconds(60),
                    now.plus(Duration.ofDays(365)), true);
            List<byte[]> expiredChain = certify(pki, EXPIRING, Role.METER, expiring.keyPair(),
                    Instant.ofEpochSecond(expiresAt).minus(Duration.ofDays(1)), Instant.ofEpochSecond(expiresAt), false);
            Path root = work.resolve("root.pem");
            Pem.write(root, pki.root().certificate());
            VerifierSettings settings = new VerifierSettings(List.of(URI.create(rpc)), anchor, Address.fromHex(registry),
                    work.resolve("comparison"), VerifierSettings.DEFAULT_MAX_STALENESS,
                    new X509Settings(List.of(root), List.of(), List.of(), null));
            try (DualVerifier both = new DualVerifier(ChainVerifier.start(settings), X509Verifier.fromSettings(settings.x509()))) {
                byte[] unknownSpki = SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1)
                        .encodePublicKey(SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1)
                                .generate(new SecureRandom()).getPublic());
                assertDecision(both, Decision.REVOKED, METER, Role.METER, meter.spki(), meterChain);
                assertDecision(both, Decision.REVOKED, EMT, Role.EMT,
                        SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).encodePublicKey(emtKey.getPublic()), emtChain);
                assertDecision(both, Decision.EXPIRED, EXPIRING, Role.METER, expiring.spki(), expiredChain);
                assertDecision(both, Decision.UNKNOWN, UNKNOWN, Role.METER, unknownSpki, List.of());
                assertEquals(0, both.disagreements());
            }
        }
    }

    private static List<byte[]> certify(SmPki pki, String identity, Role role, KeyPair key, Instant notBefore,
            Instant notAfter, boolean revoke) {
        var csr = Issuer.request(key, SmPkiProfile.endUserCommonName(identity, role));
        Issuer.Issued issued = pki.issuer().issue(SmPki.DEFAULT_REGISTRAR, csr, role, CertificateUsage.SIGNATURE,
                notBefore, notAfter);
        if (revoke) {
            pki.revoke(issued.serial(), RevocationReason.KEY_COMPROMISE, "test");
        }
        return List.of(Pem.der(issued.certificate()), Pem.der(pki.subCa(role).certificate()));
    }

    private static void assertDecision(DualVerifier both, Decision expected, String identity, Role role, byte[] spki,
            List<byte[]> chain) {
        IdentityVerdict verdict = both.verify(new IdentityClaim(SubjectId.parse(identity), role, spki, chain));
        assertEquals(expected, verdict.decision(), identity + ": " + verdict.evidence());
        assertFalse(verdict.evidence().startsWith(DualVerifier.DISAGREEMENT_MARK), verdict.evidence());
    }

    private static void grant(RegistryClient registrar, List<RegistryClient> authorities, String identity, Role role,
            byte[] spki, long notAfter) throws Exception {
        GrantSubmission submission = new GrantSubmission(SubjectId.parse(identity), role,
                KeyAlgorithm.ECDSA_BRAINPOOLP256R1, SignatureSuite.keyHash(spki), new byte[32],
                Instant.now().getEpochSecond() - 60, notAfter, spki);
        registrar.requestGrant(submission);
        for (RegistryClient authority : authorities) {
            authority.approve(submission.requestId());
        }
    }

    private static byte[] spki(KeyAlgorithm algorithm, KeyPair key) {
        return SignatureSuite.of(algorithm).encodePublicKey(key.getPublic());
    }

    private static long blockTime(Web3j web3j, long number) {
        try {
            return web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send()
                    .getBlock().getTimestamp().longValueExact();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> emtGet(HttpClient client, String wan, KeyPair key) throws Exception {
        String path = "/wan/v1/meters/" + METER + "/readings";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(wan + path)).GET();
        SignedRequest.headers("GET", path, null, new byte[0], EMT, KeyAlgorithm.ECDSA_BRAINPOOLP256R1, key,
                System.currentTimeMillis() / 1000, UUID.randomUUID().toString().replace("-", "")).forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CliRun simulate(PseudoTerminalPair pair, String id, Path keyDir, int count) {
        return CliRun.of("meter", "simulate", "--port", pair.deviceEnd(), "--id", id, "--key", keyDir.toString(),
                "--interval", "50ms", "--count", Integer.toString(count));
    }
}
