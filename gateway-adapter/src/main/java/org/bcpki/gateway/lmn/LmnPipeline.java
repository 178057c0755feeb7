package org.bcpki.gateway.lmn;

import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.bcpki.core.identity.Role;
import org.bcpki.gateway.GatewayCounters;
import org.bcpki.gateway.SecurityLog;
import org.bcpki.gateway.identity.GuardedVerifier;
import org.bcpki.gateway.identity.IdentityClaim;
import org.bcpki.gateway.identity.IdentityVerdict;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.reading.CertificateChain;
import org.bcpki.gateway.reading.MalformedReadingException;
import org.bcpki.gateway.reading.NonCanonicalServerIdException;
import org.bcpki.gateway.reading.ObisValue;
import org.bcpki.gateway.reading.ReadingCodec;
import org.bcpki.gateway.reading.SignedReading;
import org.bcpki.gateway.sml.FrameEvent;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogRecord;
import org.bcpki.gateway.store.TrackedKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LMN decision for every frame a serial line yields, in this order: frame check (done by the
 * decoder), SML decoding, the server ID's canonical form, the presented key, the signature, the
 * counter of that key (replay), and the identity of the meter in the METER role with that key.
 * Accepted readings go into the metrological log and are stored in the same transaction; every
 * refusal goes into the bounded security log (rate-limited per port) and the counters.
 *
 * <p>Replay counters are kept per canonical meter ID and key hash: a rotated meter starts fresh
 * with its new key, and the old key is refused by the verifier (WRONG_KEY). Keying by the key rather
 * than the grant's version also keeps a re-grant of the same key from reopening its old readings.
 * Keys are tracked (in the store) only once a reading signed with them was accepted; keys of meters
 * whose signature verified but whose identity was refused wait in a small in-memory cache (so a
 * meter granted later can name its key by hash), least recently seen evicted first. Thread-safe:
 * one instance serves all lines.
 */
public final class LmnPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(LmnPipeline.class);
    /** Keys whose signature verified but whose meter was not (yet) accepted. */
    public static final int MAX_PENDING_KEYS = 1024;

    private final GatewayStore store;
    private final SecurityLog securityLog;
    private final IdentityVerifier verifier;
    private final GatewayCounters counters;
    // Its own lock, so that status never waits for a verifier the pipeline is asking.
    private final Map<String, PendingKey> pendingKeys = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PendingKey> eldest) {
                    return size() > MAX_PENDING_KEYS;
                }
            });

    private record PendingKey(byte[] spki, Optional<byte[]> chain) {}

    public LmnPipeline(GatewayStore store, IdentityVerifier verifier, GatewayCounters counters) {
        this(new SecurityLog(store), verifier, counters);
    }

    public LmnPipeline(SecurityLog securityLog, IdentityVerifier verifier, GatewayCounters counters) {
        this.store = securityLog.store();
        this.securityLog = securityLog;
        this.verifier = verifier;
        this.counters = counters;
    }

    /**
     * Decides one decoder event from line {@code port}; returns the record written for it (to the
     * metrological log when accepted, else to the security log unless the port is over its rate).
     */
    public synchronized LogRecord handle(String port, FrameEvent event) {
        return switch (event) {
            case FrameEvent.Rejected rejected -> reject(port, "frame", "", rejected.reason().name(), "",
                    "port " + port + ": " + rejected.detail());
            case FrameEvent.Frame frame -> {
                counters.frame();
                yield reading(port, frame.payload());
            }
        };
    }

    /** Keys waiting in memory (signature verified, meter not accepted); never above {@link #MAX_PENDING_KEYS}. */
    public int pendingKeyCount() {
        return pendingKeys.size();
    }

    private LogRecord reading(String port, byte[] payload) {
        SignedReading signed;
        try {
            signed = ReadingCodec.fromSml(payload);
        } catch (NonCanonicalServerIdException e) {
            // The signature covers the upper-cased ID: other spellings would replay as other meters.
            return reject(port, "reading", e.spelling(), ReadingRejection.NON_CANONICAL_ID.name(), "",
                    "port " + port + ": " + e.getMessage());
        } catch (MalformedReadingException e) {
            return reject(port, "reading", "", ReadingRejection.MALFORMED_SML.name(), "", "port " + port + ": " + e.getMessage());
        }
        String meter = signed.reading().meterId(); // canonical: the decoder refuses other spellings
        String where = "port " + port + ", counter " + signed.reading().counter();

        byte[] keyHash = signed.key().keyHash();
        String keyName = meter + "/" + HexFormat.of().formatHex(keyHash);
        Optional<TrackedKey> tracked = store.trackedKey(meter, keyHash);
        PendingKey pending = pendingKeys.get(keyName);
        byte[] spki;
        if (signed.key().spki().isPresent()) {
            spki = signed.key().spki().get();
        } else if (tracked.isPresent()) {
            spki = tracked.get().spki();
        } else if (pending != null) {
            spki = pending.spki();
        } else {
            return reject(port, "reading", meter, ReadingRejection.KEY_NOT_PRESENTED.name(), "",
                    where + ": key hash " + HexFormat.of().formatHex(keyHash) + " never presented");
        }
        if (!signed.verifiesWith(spki)) {
            return reject(port, "reading", meter, ReadingRejection.BAD_SIGNATURE.name(), "",
                    where + ": " + signed.algorithm().displayName() + " signature does not verify");
        }
        // Certificates count only once the signature shows the presenter holds their key.
        Optional<byte[]> presentedChain = signed.key().chain().map(CertificateChain::encode);
        Optional<byte[]> chain = presentedChain.isPresent() ? presentedChain
                : tracked.flatMap(TrackedKey::chain).or(() -> pending == null ? Optional.empty() : pending.chain());
        List<byte[]> certificates = chain.map(bytes -> CertificateChain.decode(bytes).certificates()).orElse(List.of());

        OptionalLong last = tracked.isPresent() ? OptionalLong.of(tracked.get().lastCounter())
                : store.lastCounter(meter, keyHash);
        if (last.isPresent() && signed.reading().counter() <= last.getAsLong()) {
            return reject(port, "reading", meter, ReadingRejection.REPLAY.name(), "",
                    where + ": not above the last accepted counter " + last.getAsLong() + " of this key");
        }

        IdentityVerdict verdict = GuardedVerifier.ask(verifier,
                new IdentityClaim(signed.reading().subject(), Role.METER, spki, certificates));
        String evidence = verifier.name() + ": " + verdict.evidence();
        if (!verdict.granted()) {
            pendingKeys.put(keyName, new PendingKey(spki, chain));
            return reject(port, "reading", meter, verdict.decision().name(), evidence, where);
        }
        pendingKeys.remove(keyName);
        String values = signed.reading().values().stream().map(ObisValue::toString)
                .reduce((a, b) -> a + "; " + b).orElse("");
        LogRecord logged = store.accept(signed.reading(), keyHash, spki, chain,
                LogRecord.accepted("reading", meter, evidence, where + ": " + values)).record();
        counters.accepted(); // counted once stored: whoever sees the count finds the entry
        return logged;
    }

    private LogRecord reject(String port, String kind, String subject, String reason, String evidence, String detail) {
        LOG.info("rejected {} {}: {} ({})", kind, subject, reason, detail);
        LogRecord record = LogRecord.rejected(kind, subject, reason, evidence, detail);
        securityLog.record("lmn:" + port, record);
        counters.rejected(reason); // counted once logged: whoever sees the count finds the entry
        return record;
    }
}
