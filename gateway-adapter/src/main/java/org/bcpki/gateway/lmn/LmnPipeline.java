package org.bcpki.gateway.lmn;

import java.util.List;
import java.util.OptionalLong;
import org.bcpki.core.identity.Role;
import org.bcpki.gateway.GatewayCounters;
import org.bcpki.gateway.identity.GuardedVerifier;
import org.bcpki.gateway.identity.IdentityClaim;
import org.bcpki.gateway.identity.IdentityVerdict;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.reading.CertificateChain;
import org.bcpki.gateway.reading.MalformedReadingException;
import org.bcpki.gateway.reading.ObisValue;
import org.bcpki.gateway.reading.ReadingCodec;
import org.bcpki.gateway.reading.SignedReading;
import org.bcpki.gateway.sml.FrameEvent;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogEntry;
import org.bcpki.gateway.store.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LMN decision for every frame a serial line yields, in this order: frame check (done by the
 * decoder), SML decoding, the presented key, the signature, the counter (replay), and the identity
 * of the meter in the METER role with that key. Every outcome goes into the metrological log;
 * accepted readings are stored in the same transaction. Thread-safe: one instance serves all lines.
 */
public final class LmnPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(LmnPipeline.class);

    private final GatewayStore store;
    private final IdentityVerifier verifier;
    private final GatewayCounters counters;

    public LmnPipeline(GatewayStore store, IdentityVerifier verifier, GatewayCounters counters) {
        this.store = store;
        this.verifier = verifier;
        this.counters = counters;
    }

    /** Decides one decoder event from line {@code port} and returns the log entry written for it. */
    public synchronized LogEntry handle(String port, FrameEvent event) {
        return switch (event) {
            case FrameEvent.Rejected rejected -> reject("frame", "", rejected.reason().name(), "",
                    "port " + port + ": " + rejected.detail());
            case FrameEvent.Frame frame -> {
                counters.frame();
                yield reading(port, frame.payload());
            }
        };
    }

    private LogEntry reading(String port, byte[] payload) {
        SignedReading signed;
        try {
            signed = ReadingCodec.fromSml(payload);
        } catch (MalformedReadingException e) {
            return reject("reading", "", ReadingRejection.MALFORMED_SML.name(), "", "port " + port + ": " + e.getMessage());
        }
        String meter = signed.reading().meterId();
        String where = "port " + port + ", counter " + signed.reading().counter();

        byte[] keyHash = signed.key().keyHash();
        var presented = signed.key().spki();
        byte[] spki;
        if (presented.isPresent()) {
            spki = presented.get();
        } else {
            var known = store.knownKey(meter, keyHash);
            if (known.isEmpty()) {
                return reject("reading", meter, ReadingRejection.KEY_NOT_PRESENTED.name(), "",
                        where + ": key hash " + java.util.HexFormat.of().formatHex(keyHash) + " never presented");
            }
            spki = known.get();
        }
        if (!signed.verifiesWith(spki)) {
            return reject("reading", meter, ReadingRejection.BAD_SIGNATURE.name(), "",
                    where + ": " + signed.algorithm().displayName() + " signature does not verify");
        }
        store.rememberKey(meter, keyHash, spki);
        // Certificates are remembered only once the signature shows the presenter holds their key.
        signed.key().chain().ifPresent(chain -> store.rememberCertificates(meter, keyHash, chain.encode()));
        List<byte[]> certificates = store.knownCertificates(meter, keyHash)
                .map(bytes -> CertificateChain.decode(bytes).certificates()).orElse(List.of());

        OptionalLong last = store.lastCounter(meter);
        if (last.isPresent() && signed.reading().counter() <= last.getAsLong()) {
            return reject("reading", meter, ReadingRejection.REPLAY.name(), "",
                    where + ": not above the last accepted counter " + last.getAsLong());
        }

        IdentityVerdict verdict = GuardedVerifier.ask(verifier,
                new IdentityClaim(signed.reading().subject(), Role.METER, spki, certificates));
        String evidence = verifier.name() + ": " + verdict.evidence();
        if (!verdict.granted()) {
            return reject("reading", meter, verdict.decision().name(), evidence, where);
        }
        counters.accepted();
        String values = signed.reading().values().stream().map(ObisValue::toString)
                .reduce((a, b) -> a + "; " + b).orElse("");
        return store.accept(signed.reading(), LogRecord.accepted("reading", meter, evidence, where + ": " + values));
    }

    private LogEntry reject(String kind, String subject, String reason, String evidence, String detail) {
        counters.rejected(reason);
        LOG.info("rejected {} {}: {} ({})", kind, subject, reason, detail);
        return store.log(LogRecord.rejected(kind, subject, reason, evidence, detail));
    }
}
