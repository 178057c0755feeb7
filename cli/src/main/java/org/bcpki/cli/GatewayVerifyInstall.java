package org.bcpki.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bcpki.gateway.install.InstalledReleases;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.InstalledVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bcpki gateway verify-install}: re-proves every installed image's origin offline. Exit 1 when any fails. */
@Command(name = "verify-install", mixinStandardHelpOptions = true,
        description = "Re-verify, without the network, every installed image against its stored signed bundle.")
final class GatewayVerifyInstall implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The gateway's store directory.")
    Path store;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        List<InstalledReleases.Verification> results;
        List<InstalledVersion> versions;
        try (GatewayStore opened = GatewayCommand.existingStore(store)) {
            results = InstalledReleases.verifyAll(store, opened);
            versions = opened.installedVersions();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the installs in " + store, e);
        }
        boolean intact = results.stream().allMatch(InstalledReleases.Verification::intact);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> installs = new ArrayList<>();
            for (InstalledReleases.Verification v : results) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("releaseId", v.releaseId());
                doc.put("deviceType", v.deviceType());
                doc.put("version", v.version());
                doc.put("approvals", v.approvals());
                doc.put("logSeq", v.logSeq() < 0 ? null : v.logSeq());
                doc.put("intact", v.intact());
                doc.put("problem", v.problem());
                installs.add(doc);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("intact", intact);
            doc.put("installs", installs);
            List<Map<String, Object>> installedVersions = new ArrayList<>();
            for (InstalledVersion v : versions) {
                Map<String, Object> type = new LinkedHashMap<>();
                type.put("deviceType", v.deviceType());
                type.put("deviceRole", v.deviceRole());
                type.put("manufacturer", v.manufacturer());
                type.put("typeKey", v.typeKey());
                type.put("version", v.version());
                type.put("releaseId", v.releaseId());
                type.put("logSeq", v.logSeq());
                installedVersions.add(type);
            }
            doc.put("installedVersions", installedVersions);
            Output.json(out, doc);
        } else {
            for (InstalledReleases.Verification v : results) {
                out.println((v.intact() ? "ok      " : "BROKEN  ") + v.releaseId() + " " + v.deviceType() + " v" + v.version()
                        + (v.intact() ? " (" + v.approvals() + " approvals, log entry " + v.logSeq() + ")" : ": " + v.problem()));
            }
            out.println(results.size() + " install(s), " + (intact ? "all intact" : "NOT all intact"));
            for (InstalledVersion v : versions) {
                out.println("installed " + v.deviceType() + " (" + v.deviceRole() + ") version " + v.version() + ": release "
                        + v.releaseId() + ", log entry " + v.logSeq() + "; older versions are refused");
            }
        }
        out.flush();
        return intact ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
