package org.bcpki.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bcpki.core.codec.Hex;
import org.bcpki.puf.Attestation;
import org.bcpki.puf.AttestationChallenge;
import org.bcpki.puf.AttestationEvidence;
import org.bcpki.puf.AttestationResult;
import org.bcpki.puf.AttestationVerifier;
import org.bcpki.puf.DeviceEnrollment;
import org.bcpki.puf.EnrollmentFiles;
import org.bcpki.puf.PufException;
import org.bcpki.puf.PufSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "attest", mixinStandardHelpOptions = true,
        description = {"Challenge-response attestation of an enrolled PUF device.",
            "The device rebuilds its key from a fresh PUF read and signs nonce and context with ML-"
                    + "DSA-65; the verifier checks it against the enrolled key. Exit 0 valid, 1 rejected."})
final class PufAttestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PufDeviceOptions device;

    @Option(names = "--enrollment", required = true, paramLabel = "DIR", description = "The device's enrollment directory.")
    Path enrollmentDir;

    @Option(names = "--nonce", paramLabel = "HEX", description = "The verifier's nonce, 16..64 bytes (default: 32 random bytes).")
    String nonce;

    @Option(names = "--context", defaultValue = "bcpki/puf-attest", description = "Context the device signs (default ${DEFAULT-VALUE}).")
    String context;

    @Option(names = "--expect-context", paramLabel = "CONTEXT",
            description = "Context the verifier expects (default: the same as --context).")
    String expectedContext;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        AttestationChallenge deviceChallenge = nonce != null ? AttestationChallenge.ofHex(nonce, context)
                : AttestationChallenge.random(context, new SecureRandom());
        AttestationChallenge verifierChallenge = new AttestationChallenge(deviceChallenge.nonce(),
                expectedContext != null ? expectedContext : context);
        Map<String, Object> result = new LinkedHashMap<>();
        DeviceEnrollment enrollment;
        try {
            enrollment = EnrollmentFiles.read(enrollmentDir);
        } catch (PufException e) {
            return report(result, deviceChallenge, false, e.kind().name(), e.getMessage(), null, 0);
        }
        result.put("subject", enrollment.record().subjectId().canonical().orElse(null));
        result.put("subjectId", enrollment.record().subjectId().toHex());
        result.put("attestationHash", Hex.data(enrollment.attestationHash()));
        AttestationEvidence evidence;
        long start = System.nanoTime();
        try (PufSource source = device.open()) {
            evidence = Attestation.respond(source, enrollment, deviceChallenge);
        } catch (PufException e) {
            return report(result, deviceChallenge, false, e.kind().name(), e.getMessage(), null,
                    (System.nanoTime() - start) / 1e6);
        }
        double deviceMs = (System.nanoTime() - start) / 1e6;
        AttestationResult verdict = AttestationVerifier.inMemory()
                .verify(enrollment.record(), enrollment.signingPublicKey(), verifierChallenge, evidence);
        return report(result, deviceChallenge, verdict.valid(), verdict.reason().name(), verdict.detail(), evidence, deviceMs);
    }

    private int report(Map<String, Object> result, AttestationChallenge challenge, boolean valid, String reason,
                       String detail, AttestationEvidence evidence, double deviceMs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", valid);
        out.put("reason", reason);
        out.put("detail", detail);
        out.putAll(result);
        out.put("nonce", challenge.nonceHex());
        out.put("context", challenge.context());
        out.put("signatureBytes", evidence == null ? 0 : evidence.signature().length);
        out.put("signature", evidence == null ? null : HexFormat.of().formatHex(evidence.signature()));
        out.put("deviceMs", Math.round(deviceMs * 1000) / 1000.0);
        PrintWriter writer = spec.commandLine().getOut();
        if (json) {
            Output.json(writer, out);
        } else {
            writer.println((valid ? "VALID" : "REJECTED (" + reason + ")") + ": " + detail);
            writer.printf("  device %s, nonce %s, context '%s', device side %.1f ms%n", device.name(),
                    challenge.nonceHex(), challenge.context(), deviceMs);
            writer.flush();
        }
        return valid ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
