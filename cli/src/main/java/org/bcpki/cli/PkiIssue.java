package org.bcpki.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bcpki.core.identity.Role;
import org.bcpki.pki.CertificateUsage;
import org.bcpki.pki.Issuer;
import org.bcpki.pki.Pem;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.SmPkiProfile;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "issue", mixinStandardHelpOptions = true,
        description = "Issue an end-user certificate as the CA operator (without --csr a key pair is generated).")
final class PkiIssue implements Callable<Integer> {
    record Result(String serial, String subject, String role, String usage, String issuer, String notAfter,
                  String certificate, String key) {}

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "The PKI directory.")
    Path dir;

    @Option(names = "--role", required = true, description = "GWA, GWH, EMT, SMGW or METER.")
    String role;

    @Option(names = "--subject", required = true,
            description = "Identity: an organisation name (e.g. stadtwerke) or, for METER, a server id (1ESY1160000000).")
    String subject;

    @Option(names = "--csr", description = "PKCS#10 request (PEM or DER) whose key is certified.")
    Path csrFile;

    @Option(names = "--usage", defaultValue = "tls", description = "tls, signature or encryption.")
    String usage;

    @Option(names = "--out", description = "Where to write the certificate (default: DIR/issued/<CN>-<usage>.pem).")
    Path out;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Role parsedRole = Role.parse(role);
        CertificateUsage parsedUsage = CertificateUsage.parse(usage);
        String commonName = SmPkiProfile.endUserCommonName(subject, parsedRole);
        try (SmPki pki = SmPki.open(dir)) {
            Issuer.Issued issued;
            Path keyFile = null;
            String stem = commonName + "-" + parsedUsage.name().toLowerCase(java.util.Locale.ROOT);
            Path certificateFile = out != null ? out : dir.resolve("issued").resolve(stem + ".pem");
            if (csrFile == null) {
                Issuer.IssuedWithKey withKey = pki.issuer().issueNewKey("cli", subject, parsedRole, parsedUsage);
                issued = withKey.issued();
                keyFile = certificateFile.resolveSibling(stem + ".key");
                Pem.write(keyFile, withKey.keyPair().getPrivate());
            } else {
                PKCS10CertificationRequest csr = Pem.csr(read(csrFile));
                String requested = SmPkiProfile.commonName(csr.getSubject());
                if (requested != null && !requested.equals(commonName) && !requested.equalsIgnoreCase(subject)) {
                    throw new UsageError("the CSR names '" + requested + "' but --subject gives " + commonName);
                }
                issued = pki.issuer().issue("cli", csr, parsedRole, parsedUsage);
            }
            Files.createDirectories(certificateFile.toAbsolutePath().getParent());
            Pem.write(certificateFile, issued.certificate());
            Result result = new Result(issued.serialHex(), issued.commonName(), parsedRole.name(), parsedUsage.name(),
                    SmPkiProfile.commonName(issued.certificate().getIssuer()),
                    issued.certificate().getNotAfter().toInstant().toString(), certificateFile.toString(),
                    keyFile == null ? null : keyFile.toString());
            if (json) {
                Output.json(spec.commandLine().getOut(), result);
            } else {
                var text = spec.commandLine().getOut();
                text.printf("issued %s (%s, %s) serial %s by %s, valid until %s%n", result.subject(), result.role(), result.usage(),
                        result.serial(), result.issuer(), result.notAfter());
                text.printf("certificate: %s%n", result.certificate());
                if (keyFile != null) {
                    text.printf("private key: %s%n", keyFile);
                }
                text.flush();
            }
            return ExitCodes.OK;
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageError("no such file: " + file);
        } catch (IOException e) {
            throw new UsageError("cannot read " + file + ": " + e.getMessage());
        }
    }
}
