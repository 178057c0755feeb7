package org.bcpki.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bcpki.core.chain.Address;
import org.bcpki.core.io.PrivateFiles;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.gateway.identity.ChainVerifier;
import org.bcpki.gateway.install.ImageDownloader;
import org.bcpki.gateway.install.ImageSource;
import org.bcpki.gateway.install.InstallResult;
import org.bcpki.gateway.install.Installer;
import org.bcpki.gateway.install.ReleaseView;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.MirrorConfig;
import org.bcpki.mirror.MirrorSettings;
import org.bcpki.mirror.follow.TrustAnchorFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bcpki gateway install}: judges a firmware image (a file, or downloaded from the bundle's
 * uri hint when no --image is given) and its release bundle against the chain
 * (through the light client, as {@code gateway run} checks identities) and logs the attempt in the
 * gateway's metrological log. Exit 0 installed, 1 refused (the reason is logged), 2 usage.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install a firmware image if its signed release bundle is approved on chain; log every attempt.")
final class GatewayInstall implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--image", paramLabel = "FILE",
            description = "The firmware image (from anywhere: the hashes decide); without it, it is downloaded from the bundle's uri.")
    Path image;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "Its bcpki-release-bundle-v1 file.")
    Path bundle;

    @Option(names = "--rpc", required = true, split = ",", paramLabel = "URL", description = "JSON-RPC endpoint(s) of mirror nodes.")
    List<String> rpc = new ArrayList<>();

    @Option(names = "--anchor", required = true, paramLabel = "FILE", description = "Trust anchor file for the light client.")
    Path anchor;

    @Option(names = "--registry", required = true, paramLabel = "0x..", description = "Address of the IdentityRegistry (the approvers' grants).")
    String registry;

    @Option(names = "--software-registry", required = true, paramLabel = "0x..", description = "Address of the SoftwareRegistry.")
    String softwareRegistry;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The gateway's store (metrological log, installs).")
    Path store;

    @Option(names = "--min-approvals", defaultValue = "2", paramLabel = "K",
            description = "Approval signatures a bundle must carry at least, a local floor (default ${DEFAULT-VALUE}); "
                    + "as many as the chain counted approval votes are required too.")
    int minApprovals;

    @Option(names = "--max-staleness", defaultValue = "30", paramLabel = "SECONDS",
            description = "Refuse when the newest verified block is older (default ${DEFAULT-VALUE}).")
    long maxStalenessSeconds;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        List<URI> rpcUris = new ArrayList<>();
        for (String url : rpc) {
            URI uri = URI.create(url.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new UsageError("--rpc takes http(s) URLs, got " + url);
            }
            rpcUris.add(uri);
        }
        Address identity = GrantOptions.address(registry, "--registry");
        Address software = GrantOptions.address(softwareRegistry, "--software-registry");
        if (minApprovals < 1 || maxStalenessSeconds < 1) {
            throw new UsageError("--min-approvals and --max-staleness must be at least 1");
        }
        if (image != null && !Files.isRegularFile(image)) {
            throw new UsageError("cannot read --image " + image);
        }
        if (!Files.isRegularFile(anchor)) {
            throw new UsageError("anchor file not found: " + anchor);
        }
        byte[] bundleBytes = readBounded(bundle);
        MirrorSettings settings = MirrorSettings.defaults().withMaxStaleness(Duration.ofSeconds(maxStalenessSeconds));
        InstallResult result;
        ImageDownloader.Download download = null;
        try (MirrorClient client = openClient(rpcUris, identity, settings); GatewayStore opened = GatewayStore.open(store);
                ImageDownloader downloader = image == null ? ImageDownloader.withDefaults() : null) {
            try {
                client.sync();
            } catch (IOException | RuntimeException e) {
                // No fresh view: the release check fails closed as STALE_VIEW, and that is logged.
            }
            download = downloader == null ? null : downloader.download();
            ImageSource source = download != null ? download : ImageSource.file(image);
            result = new Installer(opened, store, software, minApprovals, ReleaseView.of(client, software))
                    .install(source, bundleBytes, null);
        }
        print(result, download);
        return result.accepted() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }

    private MirrorClient openClient(List<URI> rpcUris, Address identity, MirrorSettings settings) {
        Path mirrorStore = store.resolve(ChainVerifier.STORE_DIR);
        try {
            PrivateFiles.directory(store);
            PrivateFiles.directory(mirrorStore);
            return MirrorClient.open(new MirrorConfig(TrustAnchorFile.read(anchor), rpcUris, mirrorStore, identity, settings));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the light client's store in " + mirrorStore, e);
        } catch (IllegalArgumentException e) {
            throw new UsageError("unusable trust anchor " + anchor + ": " + e.getMessage());
        }
    }

    /** At most one byte more than a bundle may have: the codec refuses it, and the refusal is logged. */
    private static byte[] readBounded(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(ReleaseBundleJson.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UsageError("cannot read --bundle " + file + ": " + e.getMessage());
        }
    }

    /** {@code download} is null when the image came from --image. */
    private void print(InstallResult r, ImageDownloader.Download download) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, r.fields(download));
        } else {
            if (download != null) {
                out.println("fetched " + download.bytesFetched() + " bytes from " + download.uri());
            }
            printResult(out, r);
        }
        out.flush();
    }

    private static void printResult(PrintWriter out, InstallResult r) {
        if (r.accepted()) {
            out.println("installed " + r.deviceType() + " version " + r.version() + " (release " + r.releaseId() + ", block "
                    + r.block() + "), " + r.detail() + "; log entry " + r.logSeq());
        } else {
            out.println("refused (" + r.reason() + "): " + r.detail() + "; log entry " + r.logSeq());
        }
        out.flush();
    }
}
