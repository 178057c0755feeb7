package org.bcpki.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke test of {@code bcpki eval run --quick}: every scenario of {@link Evaluation#scenarios()}
 * in quick mode (the real testbed: embedded network, authority services, light client, X.509
 * baseline), then the report's structure and every metric's plausibility.
 */
class EvalQuickRunTest {
    @Test
    void quickRunReportsEveryMetricPlausibly(@TempDir Path out) throws Exception {
        Evaluation.Outcome outcome = Evaluation.run(out, true, List.of(), Evaluation.scenarios(), false);
        assertEquals(List.of("pqc", "issuance", "verification", "revocation", "light-client", "puf", "footprint",
                "software-update"),
                outcome.scenarios());

        JsonNode json = new ObjectMapper().readTree(out.resolve(Evaluation.RESULTS_JSON).toFile());
        JsonNode environment = json.get("environment");
        assertTrue(environment.get("cores").asInt() > 0 && !environment.get("javaVersion").asText().isEmpty(), environment::toString);
        Map<String, Double> values = new HashMap<>();
        for (JsonNode metric : json.get("metrics")) {
            String name = metric.get("section").asText() + " / " + metric.get("name").asText() + " / " + metric.get("system").asText();
            double value = metric.get("value").asDouble();
            // Every metric measures work that was done: none may be zero, negative or missing.
            assertTrue(Double.isFinite(value) && value > 0, name + " = " + value);
            values.put(name, value);
        }
        List<String> csv = Files.readAllLines(out.resolve(Evaluation.RESULTS_CSV));
        assertEquals(json.get("metrics").size() + 1, csv.size(), "one CSV row per metric");

        // Present, and in a plausible range for what they measure.
        within(values, "Issuance latency / request to usable at the gateway / chain", 500, 60_000);
        within(values, "Issuance latency / blocks from request to usable / chain", 1, 30);
        within(values, "Issuance latency / CSR to certificate to valid / x509", 0.1, 10_000);
        within(values, "Revocation propagation / revoke to first rejection at the gateway / chain", 100, 60_000);
        within(values, "Revocation propagation / blocks from revoke to rejection / chain", 1, 30);
        within(values, "Revocation propagation / revoke to first rejection, OCSP / x509", 0.1, 10_000);
        within(values, "Revocation propagation / CRL window, worst case (nextUpdate 1 h) / x509", 3600, 3600);
        within(values, "Revocation propagation / CRL window, worst case (nextUpdate 24 h) / x509", 86_400, 86_400);
        within(values, "Verification latency at the gateway / identity check, warm (proven at this block) / chain", 1e-4, 100);
        within(values, "Verification latency at the gateway / identity check, cold (eth_getProof fetched and verified) / chain", 0.05, 5_000);
        within(values, "Verification latency at the gateway / warm check per reading (cached path + revocation lookup) / x509", 1e-4, 5_000);
        within(values, "Verification latency at the gateway / first contact path validation / x509", 0.01, 5_000);
        within(values, "Verification latency at the gateway / path validation, cold (CRLs fetched) / x509", 0.05, 5_000);
        within(values, "Verification latency at the gateway / path validation, OCSP / x509", 0.05, 5_000);
        within(values, "Storage and traffic / node data growth per grant / chain", 100, 10_000_000);
        within(values, "Storage and traffic / node data growth per revocation / chain", 10, 10_000_000);
        within(values, "Storage and traffic / bytes on the wire per check, cold / chain", 300, 100_000);
        within(values, "Storage and traffic / bytes on the wire per check, cold (sub-CA + root CRL) / x509", 1_000, 1_000_000);
        within(values, "Storage and traffic / bytes on the wire per check, OCSP (leaf + sub-CA) / x509", 1_000, 100_000);
        within(values, "Storage and traffic / gateway state: light client header store / chain", 1_000, 240 * 1024);
        within(values, "Post-quantum signatures / ML-DSA-65 signature / shared", 3309, 3309);
        within(values, "Footprint / light client live heap / chain", 1_000, 500_000_000);
        within(values, "Light client sync / headers verified per second / chain", 1, 1_000_000);
        within(values, "PUF reconstruction / failure rate, closed form, BER 20 % / chain", 1e-4, 1e-1);
        within(values, "PUF reconstruction / failure rate, observed, BER 25 % / chain", 0.3, 1);
        within(values, "Light client sync / bytes received per header / chain", 300, 100_000);
        within(values, "Footprint / size of mirror-client / chain", 10_000, 10_000_000);
        within(values, "Software updates / update approval to first install / chain", 100, 60_000);
        within(values, "Software updates / blocks from update approval to first install / chain", 1, 30);
        within(values, "Software updates / release revocation to first refusal / chain", 100, 60_000);
        within(values, "Software updates / blocks from release revocation to first refusal / chain", 1, 30);
        // Headers (about 600 bytes each) since the last check, plus a few kilobytes of proofs.
        within(values, "Software updates / bytes fetched per update check / chain", 1_000, 1_000_000);
        within(values, "Software updates / bytes fetched per update check, proofs only / chain", 500, 100_000);
        // The bundle: a manufacturer's and two approvers' ML-DSA-65 signatures (3,309 bytes) and keys (1,974 bytes), in base64.
        within(values, "Software updates / bytes fetched per update check, signed bundle included / chain", 15_000, 1_100_000);
        assertTrue(values.get("Software updates / bytes fetched per update check, signed bundle included / chain")
                > values.get("Software updates / bytes fetched per update check / chain"));
        // X.509: no propagation step, so approval to first install is the download and the check; a revoked release
        // is refused at once by a gateway fetching CRLs, while one holding CRLs still accepts it (all of the quick run's 2).
        within(values, "Software updates / update approval to first install, warm gateway / x509", 0.5, 10_000);
        within(values, "Software updates / update approval to first install, cold gateway / x509", 1, 10_000);
        within(values, "Software updates / release revocation to first refusal, fresh CRLs / x509", 1, 10_000);
        within(values, "Software updates / gateways with cached CRLs still accepting a revoked release / x509", 2, 2);
        within(values, "Software updates / revoked release accepted from cached CRLs, worst case (delta CRL period 1 h) / x509", 3600, 3600);
        within(values, "Software updates / revoked release accepted from cached CRLs, mean (delta CRL period 1 h) / x509", 1800, 1800);
        within(values, "Software updates / revoked release accepted from cached CRLs, worst case (CRL nextUpdate 24 h, no delta CRLs) "
                + "/ x509", 86_400, 86_400);
        // The signed release carries three ML-DSA-65 certificates (about 5.8 KB each) and two signatures.
        within(values, "Software updates / bytes fetched per update check, warm gateway / x509", 15_000, 100_000);
        within(values, "Software updates / bytes fetched per update check, first contact / x509", 20_000, 200_000);
        assertTrue(values.get("Software updates / bytes fetched per update check, first contact / x509")
                > values.get("Software updates / bytes fetched per update check, warm gateway / x509"), "first contact downloads CRLs");

        String report = Files.readString(out.resolve(Evaluation.REPORT_MD));
        for (String section : List.of("## Post-quantum signatures", "## Issuance latency", "## Revocation propagation",
                "## Verification latency at the gateway", "## Storage and traffic", "## Light client sync", "## PUF reconstruction", "## Footprint",
                "## Software updates", "| CPU |")) {
            assertTrue(report.contains(section), "report.md lacks " + section);
        }
        for (String chart : List.of("pqc-verify-ms.png", "verification-ms.png", "reading-verify-ms.png", "footprint-bytes.png",
                "puf-failure-rate.png")) {
            assertTrue(report.contains("![" + chart + "]") && Files.size(out.resolve(chart)) > 1_000, chart);
        }
    }

    private static void within(Map<String, Double> values, String name, double low, double high) {
        Double value = values.get(name);
        assertTrue(value != null, "missing metric " + name + " in " + values.keySet());
        assertTrue(value >= low && value <= high, name + " = " + value + ", expected within [" + low + ", " + high + "]");
    }
}
