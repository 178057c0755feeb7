package org.bcpki.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.pki.CertificateUsage;
import org.bcpki.pki.EstClient;
import org.bcpki.pki.Issuer;
import org.bcpki.pki.Pem;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.Serials;
import org.bcpki.pki.SmPkiProfile;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = "Enrol over EST (RFC 7030) with a running 'pki serve': a new key as a registrar, or --reenroll a"
                + " current certificate with its own key.")
final class PkiEnroll implements Callable<Integer> {
    record Result(String serial, String subject, String usage, String issuer, String notAfter, String certificate, String key,
                  boolean reenrolled) {}

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--est", required = true, description = "The EST base URL 'pki serve' prints (https://127.0.0.1:PORT/.well-known/est).")
    URI est;

    @Option(names = "--trust", required = true, description = "The server's TLS certificate (DIR/est-tls.pem), the explicit trust anchor.")
    Path trust;

    @Option(names = "--subject", description = "The CN to enrol, naming its role: stadtwerke.EMT, 1ESY1160000000.LMN, gw-1.SMGW.")
    String subject;

    @Option(names = "--registrar", defaultValue = "registrar", description = "The registrar's name (HTTP Basic user-id).")
    String registrar;

    @Option(names = "--token-file", description = "File holding the registrar's token (HTTP Basic password).")
    Path tokenFile;

    @Option(names = "--usage", defaultValue = "tls", description = "tls, signature or encryption (the EST CA label); a"
            + " re-enrolment keeps the current certificate's.")
    String usage;

    @Option(names = "--algorithm", defaultValue = "ecdsa",
            description = "The hierarchy's end-entity key: ecdsa (brainpoolP256r1), mldsa or composite.")
    String algorithm;

    @Option(names = "--reenroll", description = "Renew --cert with its key --key (no token needed).")
    boolean reenroll;

    @Option(names = "--cert", description = "With --reenroll: the current certificate.")
    Path currentCertificate;

    @Option(names = "--key", description = "With --reenroll: the current certificate's private key (PKCS#8 PEM).")
    Path currentKey;

    @Option(names = "--out", required = true, description = "Where to write the certificate (PEM); a new key goes beside it as .key (0600).")
    Path out;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CertificateUsage parsedUsage = CertificateUsage.parse(usage);
        EstClient client = EstClient.of(est, Pem.certificate(PkiIssue.read(trust)));
        KeyPair key;
        Path keyFile = null;
        X509CertificateHolder issued;
        try {
            if (reenroll) {
                if (currentCertificate == null || currentKey == null) {
                    throw new UsageError("--reenroll needs --cert and --key");
                }
                X509CertificateHolder current = Pem.certificate(PkiIssue.read(currentCertificate));
                key = new KeyPair(Pem.toX509(current).getPublicKey(), privateKey(currentKey));
                issued = client.reenroll(Issuer.request(key, SmPkiProfile.commonName(current.getSubject())));
            } else {
                if (subject == null || tokenFile == null) {
                    throw new UsageError("enrolment needs --subject and --token-file (or --reenroll with --cert and --key)");
                }
                String token = new String(PkiIssue.read(tokenFile), StandardCharsets.UTF_8).strip();
                key = SignatureSuite.of(PkiAlgorithm.parse(algorithm).subKey()).generate(new SecureRandom());
                keyFile = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.pem$", "") + ".key");
                issued = client.enroll(Issuer.request(key, subject), parsedUsage, registrar, token);
            }
        } catch (EstClient.Refused refused) {
            spec.commandLine().getErr().println("bcpki: refused (HTTP " + refused.status() + "): " + refused.getMessage());
            return ExitCodes.NEGATIVE;
        } catch (java.io.UncheckedIOException unreachable) {
            throw new UsageError(unreachable.getMessage(), unreachable);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        if (keyFile != null) {
            Pem.write(keyFile, key.getPrivate());
        }
        Pem.write(out, issued);
        Result result = new Result(Serials.toHex(issued.getSerialNumber()), SmPkiProfile.commonName(issued.getSubject()),
                reenroll ? null : parsedUsage.name(), SmPkiProfile.commonName(issued.getIssuer()),
                issued.getNotAfter().toInstant().toString(), out.toString(), keyFile == null ? null : keyFile.toString(), reenroll);
        if (json) {
            Output.json(spec.commandLine().getOut(), result);
        } else {
            var text = spec.commandLine().getOut();
            text.printf("%s %s serial %s by %s, valid until %s%ncertificate: %s%n", reenroll ? "re-enrolled" : "enrolled",
                    result.subject(), result.serial(), result.issuer(), result.notAfter(), result.certificate());
            if (keyFile != null) {
                text.printf("private key: %s%n", keyFile);
            }
            text.flush();
        }
        return ExitCodes.OK;
    }

    private static PrivateKey privateKey(Path file) {
        try {
            return Pem.privateKey(file);
        } catch (java.io.IOException | RuntimeException e) {
            throw new UsageError("cannot read the private key " + file + ": " + e.getMessage(), e);
        }
    }
}
