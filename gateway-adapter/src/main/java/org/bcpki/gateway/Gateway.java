package org.bcpki.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bcpki.core.io.PrivateFiles;
import org.bcpki.gateway.identity.ChainVerifier;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.identity.ViewStatus;
import org.bcpki.gateway.install.InstallService;
import org.bcpki.gateway.lmn.LmnPipeline;
import org.bcpki.gateway.lmn.SerialLine;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogRecord;
import org.bcpki.gateway.store.StoreLimits;
import org.bcpki.gateway.wan.AccessProfile;
import org.bcpki.gateway.wan.SelfSignedTls;
import org.bcpki.gateway.wan.WanRequestCheck;
import org.bcpki.gateway.wan.WanServer;
import org.bcpki.mirror.MirrorClient;

/**
 * A running smart meter gateway: its store, one {@link SerialLine} per meter port feeding the
 * {@link LmnPipeline}, and the HTTPS listener for EMTs, the HAN, status and (when configured)
 * software installs by the gateway administrator. The identity verifier is given from outside (see
 * {@link org.bcpki.gateway.identity.VerifierRegistry}); installs ask the same verifier's light client.
 *
 * <p>Files in the store directory (mode 0700, files 0600): {@code gateway.db} (state and the
 * metrological, consumer and security logs), {@code access-profile.properties}
 * (read at start), {@code han-token} (created once), and, while running,
 * {@code wan-url} and {@code wan-cert.pem} for local clients such as {@code bcpki gateway status}.
 */
public final class Gateway implements AutoCloseable {
    public static final String HAN_TOKEN_FILE = "han-token";
    public static final String WAN_URL_FILE = "wan-url";
    public static final String WAN_CERT_FILE = "wan-cert.pem";

    private final GatewayConfig config;
    private final IdentityVerifier verifier;
    private final GatewayStore store;
    private final GatewayCounters counters = new GatewayCounters();
    private final SecurityLog securityLog;
    private LmnPipeline pipeline;
    private final List<SerialLine> lines = new ArrayList<>();
    private WanServer wan;
    private SelfSignedTls tls;
    private InstallService installs;

    private final RateLimits rateLimits;

    private Gateway(GatewayConfig config, IdentityVerifier verifier, GatewayStore store, RateLimits rateLimits) {
        this.config = config;
        this.verifier = verifier;
        this.store = store;
        this.rateLimits = rateLimits;
        this.securityLog = new SecurityLog(store, rateLimits);
    }

    public static Gateway start(GatewayConfig config, IdentityVerifier verifier) {
        return start(config, verifier, StoreLimits.DEFAULTS, RateLimits.DEFAULTS);
    }

    /** With other bounds on what is kept and on per-source rates (tests use small ones). */
    public static Gateway start(GatewayConfig config, IdentityVerifier verifier, StoreLimits limits,
            RateLimits rateLimits) {
        GatewayStore store;
        try {
            store = GatewayStore.open(config.store(), limits);
        } catch (RuntimeException e) {
            closeVerifier(verifier);
            throw e;
        }
        Gateway gateway = new Gateway(config, verifier, store, rateLimits);
        try {
            gateway.startServices();
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private void startServices() {
        store.log(new LogRecord("gateway", "", "info", "START", verifier.name(),
                "trust " + config.trust().option() + ", lines " + config.lmnPorts()));
        pipeline = new LmnPipeline(securityLog, verifier, counters);
        for (String port : config.lmnPorts()) {
            lines.add(SerialLine.start(port, config.serial(), config.maxFrameBytes(), config.idleTimeout(),
                    pipeline::handle));
        }
        if (config.wanPort() >= 0) {
            tls = SelfSignedTls.generate();
            AccessProfile profile = AccessProfile.load(config.store().resolve(AccessProfile.FILE_NAME));
            WanRequestCheck check = new WanRequestCheck(verifier, store, profile, config.requestWindow());
            if (config.installs() != null) {
                MirrorClient client = ChainVerifier.lightClient(verifier).orElseThrow(() -> new IllegalArgumentException(
                        "installs over the WAN need the chain's light client (trust chain or both), not " + verifier.name()));
                installs = InstallService.start(store, config.store(), config.installs(), client);
            }
            wan = WanServer.start(config.wanHost(), config.wanPort(), tls, check, installs, securityLog, rateLimits,
                    counters, hanToken(), this::status);
            write(WAN_CERT_FILE, tls.certificatePem());
            write(WAN_URL_FILE, wanUrl());
        }
    }

    public String wanUrl() {
        if (wan == null) {
            throw new IllegalStateException("the WAN listener is disabled");
        }
        return "https://" + config.wanHost() + ":" + wan.port();
    }

    public String wanCertificatePem() {
        return tls.certificatePem();
    }

    /** The HAN consumer's bearer token: made once per store, kept owner-readable only. */
    public String hanToken() {
        Path file = config.store().resolve(HAN_TOKEN_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] token = new byte[24];
                new SecureRandom().nextBytes(token);
                PrivateFiles.writeString(file, HexFormat.of().formatHex(token));
            } else {
                PrivateFiles.ensureFile(file); // narrows a token an older version left readable
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the HAN token in " + config.store(), e);
        }
    }

    public GatewayCounters counters() {
        return counters;
    }

    public GatewayStore store() {
        return store;
    }

    /** The system/security log (refused and unauthenticated traffic, bounded and rate-limited). */
    public SecurityLog securityLog() {
        return securityLog;
    }

    public List<SerialLine> lines() {
        return List.copyOf(lines);
    }

    public GatewayStatus status() {
        Long block = null;
        String blockHash = null;
        Long age = null;
        var view = verifier.viewStatus();
        if (view.isPresent()) {
            ViewStatus v = view.get();
            block = v.lastVerifiedBlock();
            blockHash = v.blockHash();
            age = Duration.between(v.blockTime(), Instant.now()).toSeconds();
        }
        var last = store.lastLogEntry();
        return new GatewayStatus(config.trust().option(), verifier.name(), counters.frames(), counters.acceptedCount(),
                counters.rejectedByReason(), block, blockHash, age,
                lines.stream().map(l -> new GatewayStatus.Line(l.path(), l.connected(), l.connects(), l.bytesRead()))
                        .toList(),
                counters.wanAllowedCount(), counters.wanRefusedByReason(), last.map(e -> e.seq()).orElse(0L),
                last.map(e -> e.hashHex()).orElse(HexFormat.of().formatHex(org.bcpki.gateway.store.LogHash.GENESIS)),
                verifier instanceof org.bcpki.gateway.identity.DualVerifier dual ? dual.disagreements() : null,
                store.securityLogCount(), store.limits().maxSecurityEntries(), store.securityLogWritten(),
                securityLog.dropped(), store.consumerLogCount(), store.trackedKeyCount(),
                pipeline == null ? 0 : pipeline.pendingKeyCount());
    }

    private void write(String name, String content) {
        try {
            PrivateFiles.writeString(config.store().resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (SerialLine line : lines) {
            line.close();
        }
        if (wan != null) {
            wan.close();
            try {
                Files.deleteIfExists(config.store().resolve(WAN_URL_FILE));
            } catch (IOException ignored) {
                // a stale URL only makes status report "not reachable"
            }
        }
        if (installs != null) {
            installs.close();
        }
        store.log(new LogRecord("gateway", "", "info", "STOP", verifier.name(), ""));
        store.close();
        closeVerifier(verifier);
    }

    /** The gateway owns its verifier: a light client's sync thread and connections end with it. */
    static void closeVerifier(IdentityVerifier verifier) {
        if (verifier instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Gateway.class).warn("closing verifier {}: {}", verifier.name(), e.toString());
            }
        }
    }
}
