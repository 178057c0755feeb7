package org.bcpki.eval.scale;

/**
 * The names of {@link ScaleRow#metric()} as results.json, results.csv and report.md print them. Other
 * parts (the report, the national model, scripts) find rows by these names: keep them stable.
 */
public final class ScaleMetrics {
    private ScaleMetrics() {}

    // section "cold check" (system chain: variant = proof layout "3-slot" | "1-slot")
    public static final String PROOF_BYTES_RLP = "proof bytes per cold check (RLP nodes)";
    public static final String PROOF_BYTES_JSON = "bytes per cold check (JSON)";
    public static final String PROOF_BYTES_GZIP = "bytes per cold check (JSON gzip)";
    public static final String COLD_CHECK_LATENCY = "cold check latency";
    public static final String WARM_CHECK_LATENCY = "warm check latency";
    public static final String NEW_BLOCK_REFRESH_LATENCY = "new block refresh latency (registry changed)";
    public static final String NEW_BLOCK_REFRESH_BYTES = "new block refresh bytes (registry changed)";

    // section "mirror under load" (chain, per gateway count G)
    public static final String MIRROR_PROOF_RATE = "mirror eth_getProof rate";
    public static final String MIRROR_PROOF_RATE_PER_CORE = "mirror eth_getProof rate per core";
    public static final String MIRROR_PROOF_LATENCY = "mirror eth_getProof latency";
    public static final String MIRROR_CPU = "mirror CPU";

    // section "storage" (chain)
    public static final String RETAINED_PER_EMPTY_BLOCK = "node disk retained per empty block";
    public static final String RETAINED_PER_GRANT = "node disk retained per grant";
    public static final String RETAINED_PER_REVOCATION = "node disk retained per revocation";
    public static final String STATE_SIZE = "node state size";

    // section "header sync" (chain)
    public static final String HEADER_SYNC_RATE = "header sync rate";
    public static final String HEADER_BYTES = "bytes per header";
    public static final String HEADER_STORE_SIZE = "header store size";

    // section "x509 relying party" and "x509 CA" (system x509; OCSP variants "ecdsa" | "mldsa65",
    // responder variants "per-request" | "presigned")
    public static final String X509_FIRST_CONTACT = "first contact path validation";
    public static final String X509_WARM_PER_READING = "warm check per reading (cached path + revocation lookup)";
    public static final String X509_FULL_CRL_BYTES = "full CRL size";
    public static final String X509_DELTA_CRL_BYTES = "delta CRL size per period";
    public static final String X509_CRL_PARSE_INDEX = "CRL parse and index time";
    public static final String X509_OCSP_RESPONSE_BYTES = "OCSP response size";
    public static final String X509_OCSP_REQUEST_BYTES = "OCSP request size";
    public static final String X509_OCSP_RATE = "OCSP responder rate";
    public static final String X509_OCSP_LATENCY = "OCSP responder latency";

    // section "freshness" (both systems; variant = accepted staleness "1 block" | "1 min" | "15 min" | "1 h" | "24 h")
    public static final String BYTES_PER_DAY_AT_STALENESS = "bytes per gateway per day (10 identities)";

    // section "national" (modelled; variant = accepted staleness where one applies)
    public static final String STATUS_REQUESTS_PER_SECOND = "status requests per second (country)";
    public static final String MIRRORS_NEEDED = "mirrors needed";
    public static final String OCSP_RESPONDERS_NEEDED = "OCSP responders needed";
    public static final String HEADER_REQUESTS_PER_SECOND = "header requests per second (country)";
    public static final String STORAGE_PER_YEAR = "node storage per year";
}
