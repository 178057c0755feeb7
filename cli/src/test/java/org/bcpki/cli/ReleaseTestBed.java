package org.bcpki.cli;

import static org.bcpki.contracts.testnet.ReleaseConsortium.ACME_ACCOUNT;
import static org.bcpki.contracts.testnet.ReleaseConsortium.MSP;
import static org.bcpki.contracts.testnet.ReleaseConsortium.PTB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bcpki.contracts.testnet.ReleaseConsortium;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogEntry;
import org.web3j.crypto.Credentials;

/**
 * The release tests' embedded network (issue #20), driven through the {@code bcpki release} commands:
 * ACME files releases with its granted ML-DSA-65 key, PTB and MSP hold AUTHORITY grants for the keys
 * they countersign with and approve 2 of 2; a trust anchor for the gateway's light client. Files
 * (bundles, images, keys) go to {@code dir}.
 */
final class ReleaseTestBed implements AutoCloseable {
    static final String ACME_SEED = "acme-release-key";
    static final String PTB_SEED = "ptb-authority-key";
    static final String MSP_SEED = "msp-authority-key";

    final Path dir;
    final ReleaseConsortium net;
    final Path anchor;

    private ReleaseTestBed(Path dir, ReleaseConsortium net, Path anchor) {
        this.dir = dir;
        this.net = net;
        this.anchor = anchor;
    }

    static ReleaseTestBed start(Path dir) throws Exception {
        ReleaseConsortium net = ReleaseConsortium.start(dir.resolve("net"));
        net.grant(SubjectId.parse("PTB"), Role.AUTHORITY, ReleaseConsortium.key(PTB_SEED));
        net.grant(SubjectId.parse("MSP"), Role.AUTHORITY, ReleaseConsortium.key(MSP_SEED));
        Path anchor = dir.resolve("anchor.json");
        CliRun made = CliRun.of("mirror", "anchor", "--genesis", net.chain.dir.resolve("genesis.json").toString(),
                "--out", anchor.toString(), "--json");
        assertEquals(0, made.code(), made.err());
        return new ReleaseTestBed(dir, net, anchor);
    }

    /** Every attempt is in the hash-chained log, with its outcome, and the chain verifies. */
    static void assertLogged(Path store, List<String> outcomes) {
        try (GatewayStore opened = GatewayStore.open(store)) {
            List<LogEntry> installs = opened.logEntries(1, 1000).stream().filter(e -> e.record().kind().equals("install")).toList();
            assertEquals(outcomes, installs.stream().map(e -> e.record().outcome()).toList());
            installs.stream().filter(e -> e.record().outcome().equals("rejected"))
                    .forEach(e -> assertFalse(e.record().reason().isEmpty(), e.record().toString()));
            assertTrue(opened.verifyLog().intact());
        }
        CliRun verified = CliRun.of("gateway", "verify-log", "--store", store.toString());
        assertEquals(0, verified.code(), verified.out());
    }

    Path approvedRelease(String deviceType, long version, String content) throws Exception {
        return approvedRelease(deviceType, version, content, "https://updates.acme.example/" + deviceType + "/" + version);
    }

    Path approvedRelease(String deviceType, long version, String content, String uri) throws Exception {
        Path bundle = submitted(deviceType, version, content, uri);
        assertEquals(0, approve(PTB, "PTB", PTB_SEED, bundle).code());
        CliRun second = approve(MSP, "MSP", MSP_SEED, bundle);
        assertEquals(0, second.code(), second.err() + second.out());
        assertEquals("APPROVED", second.json().get("status").asText());
        return bundle;
    }

    Path submitted(String deviceType, long version, String content) throws Exception {
        return submitted(deviceType, version, content, "https://updates.acme.example/" + deviceType + "/" + version);
    }

    Path submitted(String deviceType, long version, String content, String uri) throws Exception {
        Path bundle = dir.resolve(deviceType + "-" + version + ".bundle.json");
        CliRun run = release("submit", ACME_ACCOUNT, "--manufacturer", "ACME-Metering-GmbH", "--signing-key",
                seedFile(ACME_SEED).toString(), "--device-type", deviceType, "--version", Long.toString(version), "--image",
                image(content).toString(), "--uri", uri,
                "--out", bundle.toString(), "--json");
        assertEquals(0, run.code(), run.err() + run.out());
        return bundle;
    }

    /** Countersigned by PTB's and MSP's granted keys off chain (no vote cast). */
    Path withApprovals(Path bundle) throws Exception {
        ReleaseBundle signed = ReleaseBundleJson.parse(Files.readAllBytes(bundle))
                .approvedBy(SubjectId.parse("PTB"), ReleaseConsortium.key(PTB_SEED))
                .approvedBy(SubjectId.parse("MSP"), ReleaseConsortium.key(MSP_SEED));
        return write(bundle.getFileName() + ".countersigned.json", ReleaseBundleJson.write(signed));
    }

    CliRun approve(Credentials account, String authority, String seed, Path bundle) throws Exception {
        return release("approve", account, "--bundle", bundle.toString(), "--signing-key", seedFile(seed).toString(),
                "--authority", authority, "--json");
    }

    CliRun release(String command, Credentials account, String... rest) throws Exception {
        List<String> all = new ArrayList<>(List.of("release", command, "--rpc", net.chain.rpcUrl(), "--registry",
                net.softwareRegistry.toHex(), "--key", keyFile(account).toString()));
        all.addAll(List.of(rest));
        return CliRun.of(all.toArray(String[]::new));
    }

    Path image(String content) throws Exception {
        Path file = dir.resolve("image-" + HexFormat.of().formatHex(content.getBytes(StandardCharsets.UTF_8)) + ".bin");
        Files.writeString(file, content);
        return file;
    }

    Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    Path seedFile(String name) throws Exception {
        return TestKeyFiles.seed(dir, name);
    }

    Path keyFile(Credentials account) throws Exception {
        return TestKeyFiles.accountKey(dir, account);
    }

    @Override
    public void close() {
        net.close();
    }
}
