package org.bcpki.eval.testbed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.gateway.Gateway;
import org.bcpki.gateway.GatewayConfig;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.meter.MeterSimulator;
import org.bcpki.gateway.meter.SerialWriter;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.wan.AccessProfile;
import org.bcpki.gateway.wan.SignedRequest;
import org.bcpki.puf.serial.PseudoTerminalPair;

/**
 * A smart meter gateway with its meters: one socat pseudo-terminal pair per meter (the meter
 * simulator writes signed SML readings into one end, the gateway's serial reader reads the other),
 * the gateway deciding identities with the given chain verifier, and an HTTPS client for EMT requests
 * that pins the gateway's self-signed certificate.
 */
public final class GatewaySite implements AutoCloseable {
    private final List<PseudoTerminalPair> pairs = new ArrayList<>();
    private final Map<String, Meter> meters = new LinkedHashMap<>();
    private Gateway gateway;
    private HttpClient wanClient;
    private final SecureRandom random = new SecureRandom();

    /** A simulated meter writing into its pseudo-terminal. */
    public record Meter(String id, MeterKey key, MeterSimulator simulator, SerialWriter writer) {}

    /** An EMT's request outcome: HTTP status, the gateway's reason, bytes exchanged. */
    public record WanReply(int status, String body, int bytes) {}

    public static GatewaySite start(Path dir, Map<String, MeterKey> meterKeys, IdentityVerifier verifier,
            Map<String, List<String>> accessProfile) throws IOException {
        GatewaySite site = new GatewaySite();
        try {
            site.open(dir, meterKeys, verifier, accessProfile);
        } catch (IOException | RuntimeException e) {
            site.close();
            throw e;
        }
        return site;
    }

    private void open(Path dir, Map<String, MeterKey> meterKeys, IdentityVerifier verifier,
            Map<String, List<String>> accessProfile) throws IOException {
        if (!PseudoTerminalPair.socatAvailable()) {
            throw new IllegalStateException("socat is not installed: it provides the meters' pseudo-terminal serial lines");
        }
        Path store = Files.createDirectories(dir.resolve("gateway"));
        StringBuilder profile = new StringBuilder();
        accessProfile.forEach((emt, ids) -> profile.append(emt).append(" = ").append(String.join(", ", ids)).append('\n'));
        Files.writeString(store.resolve(AccessProfile.FILE_NAME), profile);
        List<String> gatewayEnds = new ArrayList<>();
        for (String id : meterKeys.keySet()) {
            PseudoTerminalPair pair = PseudoTerminalPair.open();
            pairs.add(pair);
            gatewayEnds.add(pair.hostEnd());
        }
        gateway = Gateway.start(GatewayConfig.defaults(gatewayEnds, store, TrustMode.CHAIN, 0), verifier);
        int i = 0;
        for (Map.Entry<String, MeterKey> entry : meterKeys.entrySet()) {
            Path keyDir = Files.createDirectories(dir.resolve("meters").resolve(entry.getKey()));
            MeterSimulator simulator = new MeterSimulator(entry.getKey(), entry.getValue(), keyDir, List.of());
            SerialWriter writer = SerialWriter.open(pairs.get(i++).deviceEnd(), SerialSettings.SML_DEFAULT);
            meters.put(entry.getKey(), new Meter(entry.getKey(), entry.getValue(), simulator, writer));
        }
        wanClient = HttpClient.newBuilder().sslContext(pinned(gateway.wanCertificatePem()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Gateway gateway() {
        return gateway;
    }

    public Map<String, Meter> meters() {
        return meters;
    }

    /** The pseudo-terminal pairs' ends (meter end, gateway end) for the output. */
    public List<String> lines() {
        return pairs.stream().map(p -> p.deviceEnd() + " -> " + p.hostEnd()).toList();
    }

    /** Sends one reading from the meter; returns the bytes written on the line. */
    public int sendReading(String meterId) {
        Meter meter = meters.get(meterId);
        int bytes = 0;
        for (byte[] chunk : meter.simulator().tick()) {
            meter.writer().accept(chunk);
            bytes += chunk.length;
        }
        return bytes;
    }

    /** An EMT's signed GET of a meter's readings over the gateway's HTTPS WAN listener. */
    public WanReply emtRequest(String emt, KeyAlgorithm algorithm, KeyPair key, String meterId)
            throws IOException, InterruptedException {
        String path = "/wan/v1/meters/" + meterId + "/readings";
        String query = "limit=1";
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Map<String, String> headers = SignedRequest.headers("GET", path, query, new byte[0], emt, algorithm, key,
                System.currentTimeMillis() / 1000, HexFormat.of().formatHex(nonce));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.wanUrl() + path + "?" + query))
                .timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(request::header);
        HttpResponse<String> response = wanClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int headerBytes = headers.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length() + 4).sum();
        return new WanReply(response.statusCode(), response.body(),
                headerBytes + response.body().getBytes(StandardCharsets.UTF_8).length);
    }

    private static SSLContext pinned(String certificatePem) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot pin the gateway's WAN certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (Meter meter : meters.values()) {
            meter.writer().close();
        }
        if (gateway != null) {
            gateway.close();
        }
        for (PseudoTerminalPair pair : pairs) {
            pair.close();
        }
        if (wanClient != null) {
            wanClient.close();
        }
    }
}
