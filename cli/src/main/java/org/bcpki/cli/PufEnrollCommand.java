package org.bcpki.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.puf.DeviceEnrollment;
import org.bcpki.puf.EnrollmentFiles;
import org.bcpki.puf.EnrollmentRecord;
import org.bcpki.puf.FuzzyExtractor;
import org.bcpki.puf.PufDevice;
import org.bcpki.puf.PufException;
import org.bcpki.puf.PufSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {"Enroll a PUF device: keys, helper data and enrollment record.",
            "Derives the device's ML-DSA-65 and ECDSA brainpoolP256r1 keys, its helper data and the "
                    + "enrollment record whose hash is the attestationHash an authority puts on chain."})
final class PufEnrollCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PufDeviceOptions device;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the enrollment files.")
    Path out;

    @Option(names = "--subject", paramLabel = "ID",
            description = "Meter server ID or organisation identity (default: a meter ID derived from the device).")
    String subject;

    @Option(names = "--reads", defaultValue = "" + PufDevice.DEFAULT_ENROLLMENT_READS,
            description = "Reads combined by majority (odd, default ${DEFAULT-VALUE}).")
    int reads;

    @Option(names = "--force", description = "Replace an enrollment already in DIR.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        if (Files.exists(out.resolve(EnrollmentFiles.PROPERTIES)) && !force) {
            throw new UsageError(out + " already holds an enrollment; use --force to replace it");
        }
        SubjectId subjectId = SubjectId.parse(subject != null ? subject : defaultSubject());
        DeviceEnrollment enrollment;
        try (PufSource source = device.open()) {
            enrollment = PufDevice.enroll(subjectId, source, FuzzyExtractor.standard(), reads, new SecureRandom());
        } catch (PufException e) {
            spec.commandLine().getErr().println("bcpki: enrollment of the " + device.name() + " failed: " + e.getMessage());
            return ExitCodes.NEGATIVE;
        }
        EnrollmentFiles.write(out, enrollment);
        print(enrollment);
        return ExitCodes.OK;
    }

    /** A DIN 43863-5 style meter ID ("1BCP00" + 8 digits) derived from the device name. */
    private String defaultSubject() {
        byte[] hash = Keccak.keccak256(device.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long serial = Math.floorMod(java.nio.ByteBuffer.wrap(hash).getLong(), 100_000_000L);
        return String.format("1BCP00%08d", serial);
    }

    private void print(DeviceEnrollment enrollment) {
        EnrollmentRecord record = enrollment.record();
        HexFormat hex = HexFormat.of();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("subject", record.subjectId().canonical().orElse(null));
        result.put("subjectId", record.subjectId().toHex());
        result.put("algorithm", record.algorithm().displayName());
        result.put("keyHash", "0x" + hex.formatHex(record.keyHash()));
        result.put("helperDataHash", "0x" + hex.formatHex(record.helperDataHash()));
        result.put("attestationHash", "0x" + hex.formatHex(record.attestationHash()));
        result.put("helperDataBits", enrollment.helperData().offset().length());
        result.put("secretBits", FuzzyExtractor.of(enrollment.helperData().parameters()).secretBits());
        result.put("signingPublicKeyBytes", enrollment.signingPublicKey().length);
        result.put("classicPublicKeyBytes", enrollment.classicPublicKey().length);
        result.put("out", out.toAbsolutePath().toString());
        PrintWriter writer = spec.commandLine().getOut();
        if (json) {
            Output.json(writer, result);
        } else {
            writer.println("enrolled the " + device.name() + " as " + record.subjectId());
            result.forEach((key, value) -> writer.printf("  %-22s %s%n", key, value));
            writer.flush();
        }
    }
}
