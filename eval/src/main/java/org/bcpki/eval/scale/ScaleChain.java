package org.bcpki.eval.scale;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bcpki.chain.network.DevAccount;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.node.ChainNode;
import org.bcpki.chain.node.NodeLauncher;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.core.chain.Address;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The network one registry size is measured on: validator-1 in this JVM and mirror-1 in its own OS
 * process (so that its CPU can be read from /proc and nothing is shared with the load generator but
 * the machine), 1 s blocks, the registry holding N records from genesis. Light clients and load go
 * to the mirror over loopback HTTP. Authorities are dev accounts 1..3 (k = 2, r = 1), dev account 4
 * is registrar and enroller.
 */
final class ScaleChain implements AutoCloseable {
    static final long CHAIN_ID = 1337;
    static final String VALIDATOR = "validator-1";
    static final String MIRROR = "mirror-1";
    private static final int REGISTRAR_ACCOUNT = 4;

    private final Path dir;
    private final NetworkSpec spec;
    private final String registry;
    private final ScaleSubjects subjects;
    private ChainNode validator;
    private Process mirror;
    private Web3j web3j;

    private ScaleChain(Path dir, NetworkSpec spec, String registry, ScaleSubjects subjects) {
        this.dir = dir;
        this.spec = spec;
        this.registry = registry;
        this.subjects = subjects;
    }

    /**
     * Writes the network with an N-record registry at genesis into {@code dir} (sampling {@code perKind}
     * subjects of each kind), starts both nodes, waits for both.
     */
    static ScaleChain start(Path dir, long n, double revokedPercent, long seed, int perKind) throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 1, 1, CHAIN_ID, 6, new SecureRandom(), FreePorts::next);
        ScaleGenesis.Written written = ScaleGenesis.write(spec, dir, n, revokedPercent, seed, perKind);
        ScaleChain chain = new ScaleChain(dir, written.spec(), written.registry(), written.subjects());
        try {
            // the mirror process first: both nodes build the N-record genesis state, and in parallel that takes half the time
            chain.mirror = NodeLauncher.spawn(dir, MIRROR);
            chain.validator = ChainNode.start(dir, VALIDATOR);
            chain.web3j = Web3j.build(new HttpService(chain.validatorUrl()));
            await("the validator at block 1", Duration.ofMinutes(5), () -> chain.validator.chain().head().number() >= 1);
            // the mirror builds the N-record genesis state itself, as every node does: time in proportion to N
            await("the mirror process answering and at the validator's head", Duration.ofMinutes(10).plusMillis(2 * n),
                    () -> !chain.mirror.isAlive() || chain.mirrorHeight() >= chain.validator.chain().head().number() - 1);
            if (!chain.mirror.isAlive()) {
                throw new IllegalStateException("the mirror process exited; see " + NodeLauncher.runDir(dir).resolve(MIRROR + ".log"));
            }
        } catch (Exception | Error e) {
            chain.close();
            throw e;
        }
        return chain;
    }

    Path dir() {
        return dir;
    }

    NetworkSpec spec() {
        return spec;
    }

    String registry() {
        return registry;
    }

    ScaleSubjects subjects() {
        return subjects;
    }

    ChainNode validator() {
        return validator;
    }

    long mirrorPid() {
        return mirror.pid();
    }

    String validatorUrl() {
        return spec.node(VALIDATOR).orElseThrow().rpcUrl();
    }

    String mirrorUrl() {
        return spec.node(MIRROR).orElseThrow().rpcUrl();
    }

    Path validatorData() {
        return dir.resolve(VALIDATOR).resolve("data");
    }

    long mirrorHeight() {
        try (RpcClient rpc = new RpcClient(mirrorUrl())) {
            return RpcClient.quantity(rpc.call("eth_blockNumber"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    long head() {
        return validator.chain().head().number();
    }

    /** Waits until the mirror holds {@code block}. */
    void awaitMirrorAt(long block) {
        await("the mirror at block " + block, Duration.ofMinutes(2), () -> mirrorHeight() >= block);
    }

    RegistryClient authority(int index) throws IOException {
        return RegistryClient.connect(web3j, Address.fromHex(registry), credentials(1 + index), CHAIN_ID);
    }

    /** One revocation transaction by authority 1 (threshold r = 1: it revokes); returns once mined. */
    TxOutcome revoke(SubjectId subject) throws Exception {
        return authority(0).revoke(subject, "scale eval");
    }

    /**
     * A grant done for real: the registrar's request with a fresh ML-DSA-65 key, then approvals of
     * authorities 1 and 2 (k = 2); returns the transactions' outcomes (request first).
     */
    List<TxOutcome> grant(SubjectId subject, Role role) throws Exception {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        KeyPair key = suite.generate(new SecureRandom());
        byte[] publicKey = suite.encodePublicKey(key.getPublic());
        long now = System.currentTimeMillis() / 1000;
        GrantSubmission submission = new GrantSubmission(subject, role, KeyAlgorithm.ML_DSA_65,
                SignatureSuite.keyHash(publicKey), new byte[32], now - 60, now + 365L * 86_400, publicKey);
        RegistryClient registrar = RegistryClient.connect(web3j, Address.fromHex(registry), credentials(REGISTRAR_ACCOUNT), CHAIN_ID);
        List<TxOutcome> outcomes = new ArrayList<>();
        outcomes.add(registrar.requestGrant(submission));
        outcomes.add(authority(0).approve(submission.requestId()));
        outcomes.add(authority(1).approve(submission.requestId()));
        return outcomes;
    }

    private Credentials credentials(int devAccount) {
        DevAccount account = spec.devAccounts().get(devAccount);
        return Credentials.create(account.privateKey().toHexString());
    }

    /** The validator's answer to eth_getBlockByNumber (for block sizes and timestamps). */
    JsonNode block(long number) throws IOException {
        try (RpcClient rpc = new RpcClient(validatorUrl())) {
            return rpc.call("eth_getBlockByNumber", Hex.quantity(number), false);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Stops the mirror process and the validator (idempotent); the caller deletes {@link #dir}. */
    @Override
    public synchronized void close() {
        if (web3j != null) {
            web3j.shutdown();
            web3j = null;
        }
        if (mirror != null) {
            mirror.destroy();
            try {
                if (!mirror.waitFor(20, TimeUnit.SECONDS)) {
                    mirror.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                mirror.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            mirror = null;
        }
        if (validator != null) {
            validator.close();
            validator = null;
        }
        NodeLauncher.removePid(dir, MIRROR);
    }
}
