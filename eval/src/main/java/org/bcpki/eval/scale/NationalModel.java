package org.bcpki.eval.scale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The national extrapolation of report.md: Germany's metering points on one registry, with the measured rows of
 * a run (and the fits of them) turned into bytes per gateway per day, mirrors or OCSP responders needed for the
 * country's reading rate, and node storage per year. Every output row is modelled (measured = false); its note
 * is the model and says which inputs are measured and which extrapolated.
 */
public final class NationalModel {
    private NationalModel() {}

    public static final double SECONDS_PER_YEAR = 31_536_000;

    /**
     * The country. {@link #germany()} cites the source of every number or calls it an assumption.
     */
    public record Country(long meteringPoints, int metersPerGateway, long marketParticipants, double meterYears,
                          double gatewayYears, double participantYears, double revokedSharePerYear,
                          double readingIntervalSeconds, double blockSeconds) {

        public static Country germany() {
            return new Country(
                    // issue #15: "Germany: ~50 million metering points"
                    50_000_000L,
                    // assumption: one SMGW serves the meters of a building; 10 is also the freshness model's gateway.
                    // 50 M / 10 = 5 M gateways, the order of the 4.6 M mandatory iMSys installation cases BNetzA counted
                    // for Q4 2024 (reported by ZfK, "Rollout: Anzahl intelligenter Messsysteme steigt deutlich").
                    10,
                    // assumption: external market participants (EMT role: metering point operators, suppliers, grid operators)
                    2_000L,
                    // IdentityRegistry maxValidity per role (RegistrySecurityTest): METER 8 y, SMGW 7 y, EMT 2 y
                    8, 7, 2,
                    // assumption: 1 % of all certificates revoked per year (device swaps, compromise, operator changes)
                    0.01,
                    // issue #15: a reading every 15 min per meter
                    900,
                    FreshnessModel.BLOCK_SECONDS);
        }

        public long gateways() {
            return meteringPoints / metersPerGateway;
        }

        public long subjects() {
            return meteringPoints + gateways() + marketParticipants;
        }

        /** Every certificate is renewed (a new grant) once per its lifetime. */
        public double grantsPerYear() {
            return meteringPoints / meterYears + gateways() / gatewayYears + marketParticipants / participantYears;
        }

        public double revocationsPerYear() {
            return revokedSharePerYear * subjects();
        }

        public double registryChangesPerSecond() {
            return (grantsPerYear() + revocationsPerYear()) / SECONDS_PER_YEAR;
        }

        /** A revoked certificate stays on the CRL until it expires: on average half its lifetime. */
        public double crlEntries() {
            return revokedSharePerYear * (meteringPoints * meterYears / 2 + gateways() * gatewayYears / 2
                    + marketParticipants * participantYears / 2);
        }

        public double blocksPerYear() {
            return SECONDS_PER_YEAR / blockSeconds;
        }

        /** Status requests per second: each reading needs an answer no staler than accepted, at most one per reading. */
        public double statusRequestsPerSecond(double stalenessSeconds) {
            return meteringPoints / Math.max(stalenessSeconds, readingIntervalSeconds);
        }
    }

    /** Node storage per year, bytes: every block, every grant and every revocation retained. */
    public static double storagePerYear(Country c, double perEmptyBlock, double perGrant, double perRevocation,
                                        boolean emptyBlocks) {
        return (emptyBlocks ? c.blocksPerYear() * perEmptyBlock : 0) + c.grantsPerYear() * perGrant
                + c.revocationsPerYear() * perRevocation;
    }

    public static long serversNeeded(double requestsPerSecond, double ratePerServer) {
        return (long) Math.ceil(requestsPerSecond / ratePerServer);
    }

    /**
     * The national rows, from a run's measured rows and its fits: cold-check gzip bytes per layout (log16 in N) and
     * full CRL bytes per CRL signer (linear in the revoked certificates listed).
     */
    public static List<ScaleRow> rows(Country c, List<ScaleRow> measured, Map<String, LeastSquaresFit> gzipFits,
                                      Map<String, LeastSquaresFit> crlFits) {
        List<ScaleRow> rows = new ArrayList<>();
        long n = c.subjects();
        String section = "national";
        // Bytes per gateway per day: the freshness model with national inputs.
        Map<String, Double> reprove = new LinkedHashMap<>();
        Map<String, String> reproveSource = new LinkedHashMap<>();
        gzipFits.forEach((layout, fit) -> {
            reprove.put(layout, FreshnessModel.IDENTITIES * fit.predict(n));
            reproveSource.put(layout, FreshnessModel.IDENTITIES + " × cold check bytes (JSON gzip), log16 fit at N");
        });
        Map<String, Double> crlBytes = new LinkedHashMap<>();
        Map<String, Double> deltaBytes = new LinkedHashMap<>();
        crlFits.forEach((signer, fit) -> {
            crlBytes.put(signer, fit.predict(c.crlEntries()));
            // A delta lists the revocations since the daily base: on average half a day's.
            deltaBytes.put(signer, fit.predict(c.revocationsPerYear() / 365 / 2));
        });
        FreshnessModel.Inputs measuredInputs = FreshnessModel.fromRows(measured, c.registryChangesPerSecond());
        FreshnessModel.Inputs national = new FreshnessModel.Inputs(n, 100 * c.crlEntries() / n, c.blockSeconds(),
                c.registryChangesPerSecond(), measuredInputs.headerBytes(), reprove, reproveSource, crlBytes, deltaBytes,
                measuredInputs.ocspRequestBytes(), measuredInputs.ocspRequestSource(), measuredInputs.ocspResponseBytes());
        for (ScaleRow r : FreshnessModel.rows(section, national)) {
            String inputs = r.system().equals("chain")
                    ? "measured: bytes per header; extrapolated: proof bytes at N"
                    : r.note().startsWith(FreshnessModel.OCSP) ? "measured: OCSP response bytes"
                    : "extrapolated: full CRL by its linear fit at " + count(c.crlEntries()) + " entries"
                    + (r.note().startsWith(FreshnessModel.BASE_DELTA_CRL) ? ", a delta by the same fit at "
                    + count(c.revocationsPerYear() / 365 / 2) + " entries (half a day's revocations)" : "");
            rows.add(new ScaleRow(r.section(), r.metric(), r.system(), r.variant(), r.n(), r.gateways(),
                    r.revokedPercent(), r.unit(), r.value(), null, false, r.note() + " [" + inputs + "]"));
        }
        crlFits.forEach((signer, fit) -> rows.add(new ScaleRow(section, ScaleMetrics.X509_FULL_CRL_BYTES, "x509", signer,
                n, 0, 100 * c.crlEntries() / n, "bytes", crlBytes.get(signer), null, false, String.format(Locale.ROOT,
                "linear fit %.0f + %.2f B × entries at %s entries (revocations/yr × lifetime/2) [extrapolated]",
                fit.a(), fit.b(), count(c.crlEntries())))));
        // Servers for the country's status requests.
        Optional<ScaleRow> mirror = best(measured, ScaleMetrics.MIRROR_PROOF_RATE);
        Map<String, ScaleRow> responders = bestPerVariant(measured, ScaleMetrics.X509_OCSP_RATE);
        for (FreshnessModel.Staleness s : FreshnessModel.stalenesses()) {
            double seconds = s.label().equals("1 block") ? c.blockSeconds() : s.seconds();
            double requests = c.statusRequestsPerSecond(seconds);
            String demand = String.format(Locale.ROOT, "%s meters / max(%.3g s, %.0f s reading interval) = %.0f req/s",
                    count(c.meteringPoints()), seconds, c.readingIntervalSeconds(), requests);
            rows.add(new ScaleRow(section, ScaleMetrics.STATUS_REQUESTS_PER_SECOND, "both", s.label(), n, 0, 0, "req/s",
                    requests, null, false, demand));
            mirror.ifPresent(rate -> rows.add(new ScaleRow(section, ScaleMetrics.MIRRORS_NEEDED, "chain", s.label(), n, 0,
                    0, "mirrors", serversNeeded(requests, rate.value()), null, false, String.format(Locale.ROOT,
                    "ceil(%.0f req/s / %.0f eth_getProof/s per mirror, measured at N=%s G=%d with 1-slot proofs; "
                    + "a check adds one eth_call of recordOf) [measured rate]",
                    requests, rate.value(), count(rate.n()), rate.gateways()))));
            responders.forEach((variant, row) -> rows.add(new ScaleRow(section, ScaleMetrics.OCSP_RESPONDERS_NEEDED,
                    "x509", s.label() + (variant.isEmpty() ? "" : " / " + variant), n, 0, 0, "responders",
                    serversNeeded(requests, row.value()), null, false, String.format(Locale.ROOT,
                    "ceil(%.0f req/s / %.0f OCSP responses/s per responder, measured at N=%s G=%d) [measured rate]",
                    requests, row.value(), count(row.n()), row.gateways()))));
        }
        rows.add(new ScaleRow(section, ScaleMetrics.HEADER_REQUESTS_PER_SECOND, "chain", "", n, 0, 0, "headers/s",
                c.gateways() / c.blockSeconds(), null, false, String.format(Locale.ROOT,
                "%s gateways / %.3g s block period; no per-mirror header-serving rate is measured", count(c.gateways()),
                c.blockSeconds())));
        // Node storage per year.
        Double empty = valueAtLargestN(measured, ScaleMetrics.RETAINED_PER_EMPTY_BLOCK);
        Double grant = valueAtLargestN(measured, ScaleMetrics.RETAINED_PER_GRANT);
        Double revocation = valueAtLargestN(measured, ScaleMetrics.RETAINED_PER_REVOCATION);
        if (empty != null && grant != null && revocation != null) {
            for (boolean withEmpty : new boolean[] {true, false}) {
                rows.add(new ScaleRow(section, ScaleMetrics.STORAGE_PER_YEAR, "chain",
                        withEmpty ? "with empty blocks" : "without empty blocks", n, 0, 0, "bytes/year",
                        storagePerYear(c, empty, grant, revocation, withEmpty), null, false, String.format(Locale.ROOT,
                        "%s%s grants/yr × %.0f B + %s revocations/yr × %.0f B [measured retained bytes]",
                        withEmpty ? String.format(Locale.ROOT, "%s blocks/yr × %.0f B + ", count(c.blocksPerYear()), empty) : "",
                        count(c.grantsPerYear()), grant, count(c.revocationsPerYear()), revocation)));
            }
        }
        return rows;
    }

    /** The inputs table of report.md: name, value, source. */
    public static List<String[]> inputs(Country c) {
        return List.of(
                new String[] {"metering points", count(c.meteringPoints()), "issue #15 (~50 million in Germany)"},
                new String[] {"meters per gateway", Integer.toString(c.metersPerGateway()),
                        "assumption (one SMGW per building; the freshness model's 10 identities)"},
                new String[] {"gateways", count(c.gateways()), "metering points / meters per gateway; cf. 4.6 M mandatory "
                        + "iMSys installation cases, BNetzA rollout data Q4 2024 (reported by ZfK)"},
                new String[] {"market participants (EMT)", count(c.marketParticipants()), "assumption"},
                new String[] {"registry subjects N", count(c.subjects()), "meters + gateways + market participants"},
                new String[] {"certificate lifetime METER / SMGW / EMT", String.format(Locale.ROOT, "%.0f / %.0f / %.0f years",
                        c.meterYears(), c.gatewayYears(), c.participantYears()), "IdentityRegistry maxValidity per role "
                        + "(TR-03109-4 style lifetimes as the contract encodes them)"},
                new String[] {"grants per year", count(c.grantsPerYear()), "each certificate renewed once per lifetime"},
                new String[] {"revocations per year", count(c.revocationsPerYear()), String.format(Locale.ROOT,
                        "assumption: %.1f %% of subjects per year", 100 * c.revokedSharePerYear())},
                new String[] {"registry changes per second", String.format(Locale.ROOT, "%.3f", c.registryChangesPerSecond()),
                        "(grants + revocations) / 31 536 000 s"},
                new String[] {"CRL entries", count(c.crlEntries()), "revoked certificates listed until expiry: "
                        + "revocations per year per role × lifetime / 2"},
                new String[] {"check rate", String.format(Locale.ROOT, "%.0f readings/s", c.meteringPoints() / c.readingIntervalSeconds()),
                        "issue #15: a reading every 15 min per meter"},
                new String[] {"block period", String.format(Locale.ROOT, "%.3g s (%s blocks/yr)", c.blockSeconds(),
                        count(c.blocksPerYear())), "the testbed's QBFT block period"});
    }

    /** The highest value of a rate at the largest N it was measured at (over every G). */
    private static Optional<ScaleRow> best(List<ScaleRow> rows, String metric) {
        long largest = rows.stream().filter(r -> r.metric().equals(metric) && r.measured()).mapToLong(ScaleRow::n)
                .max().orElse(-1);
        return rows.stream().filter(r -> r.metric().equals(metric) && r.measured() && r.n() == largest)
                .max(java.util.Comparator.comparingDouble(ScaleRow::value));
    }

    private static Map<String, ScaleRow> bestPerVariant(List<ScaleRow> rows, String metric) {
        Map<String, ScaleRow> best = new LinkedHashMap<>();
        for (ScaleRow r : rows) {
            if (r.metric().equals(metric) && r.measured()) {
                best.merge(r.variant(), r, (a, b) -> b.n() > a.n() || (b.n() == a.n() && b.value() > a.value()) ? b : a);
            }
        }
        return best;
    }

    private static Double valueAtLargestN(List<ScaleRow> rows, String metric) {
        return rows.stream().filter(r -> r.metric().equals(metric) && r.measured())
                .max(java.util.Comparator.comparingLong(ScaleRow::n)).map(ScaleRow::value).orElse(null);
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value).replace(',', ' ');
    }
}
