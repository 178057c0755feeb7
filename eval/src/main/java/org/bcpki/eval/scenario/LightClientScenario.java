package org.bcpki.eval.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.eval.EvalResults;
import org.bcpki.eval.Metric;
import org.bcpki.eval.testbed.Testbed;
import org.bcpki.eval.testbed.WorkDirs;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.MirrorConfig;
import org.bcpki.mirror.follow.HeaderStore;
import org.bcpki.mirror.follow.SyncReport;
import org.bcpki.mirror.trust.TrustAnchor;
import org.bcpki.mirror.wire.JsonRpcClient;

/**
 * The gateway's light client catching up from genesis, over JSON-RPC only: so it runs against the
 * endpoints given with {@code --rpc} (any Besu-compatible QBFT network), or else against the
 * embedded network's mirrors. Measures headers verified per second, bytes received per header and
 * the size of the bounded header store afterwards.
 */
public final class LightClientScenario implements Scenario {
    static final String SECTION = "Light client sync";

    @Override
    public String name() {
        return "light-client";
    }

    @Override
    public int steps(EvalContext context) {
        return 1;
    }

    @Override
    public void run(EvalContext context, EvalResults results) throws Exception {
        context.progress().step("light client: sync from genesis");
        List<String> urls = context.rpcUrls().isEmpty() ? context.lab().bed().mirrorUrls() : context.rpcUrls();
        String where = context.rpcUrls().isEmpty() ? "embedded network's mirrors" : "given endpoints " + urls;
        long chainId;
        List<Address> validators = new ArrayList<>();
        try (RpcClient rpc = new RpcClient(urls.get(0))) {
            chainId = RpcClient.quantity(rpc.call("eth_chainId"));
            // the genesis header's extraData names the validators (mirrors serve ETH, NET and WEB3 only)
            JsonNode genesis = rpc.call("eth_getBlockByNumber", "0x0", false);
            validators.addAll(QbftExtraDataCodec.decode(Bytes.fromHexString(genesis.get("extraData").asText())).validators());
        }
        // The epoch length is not exposed over JSON-RPC: Besu's default (30000) and the embedded default agree.
        TrustAnchor anchor = Testbed.genesisAnchor(urls.get(0), chainId, validators, 30_000);
        Path store = Files.createTempDirectory("bcpki-eval-sync");
        try (MirrorClient client = MirrorClient.open(MirrorConfig.of(anchor, String.join(",", urls)).withStore(store))) {
            long t0 = System.nanoTime();
            SyncReport report = client.sync();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!report.complete() || report.headersVerified() == 0) {
                throw new IllegalStateException("light client sync from " + where + " failed: " + report.failures());
            }
            long bytes = client.pool().endpoints().stream().mapToLong(JsonRpcClient::bytesReceived).sum();
            String note = "from genesis to block " + report.toNumber() + " on the " + where;
            results.add(Metric.value(SECTION, "headers verified per second", "chain", "headers/s",
                    report.headersVerified() / seconds, note));
            results.add(Metric.value(SECTION, "bytes received per header", "chain", "bytes",
                    bytes / (double) report.headersVerified(), note));
            results.add(Metric.value(SECTION, "header store after sync", "chain", "bytes",
                    Files.size(store.resolve(HeaderStore.FILE_NAME)), "bounded window, " + note));
        } finally {
            WorkDirs.deleteTree(store);
        }
        context.progress().advance();
    }
}
