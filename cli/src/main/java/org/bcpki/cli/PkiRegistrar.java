package org.bcpki.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bcpki.core.io.PrivateFiles;
import org.bcpki.pki.RegistrarScope;
import org.bcpki.pki.SmPki;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "registrar", mixinStandardHelpOptions = true,
        description = "Add (or re-key and re-scope) a registrar of the issuance service, as the CA operator on the CA directory."
                + " A registrar issues and revokes only end-entity certificates of its roles whose subject matches its patterns.")
final class PkiRegistrar implements Callable<Integer> {
    record Result(String registrar, String roles, String subjects, String token, String tokenFile) {}

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "The PKI directory.")
    Path dir;

    @Option(names = "--name", required = true, description = "Registrar name (a-z, 0-9, '.', '_', '-').")
    String name;

    @Option(names = "--roles", required = true, description = "Comma-separated end-entity roles: GWA, GWH, EMT, SMGW, METER.")
    String roles;

    @Option(names = "--subjects", required = true,
            description = "Comma-separated subject patterns, '*' for any run of characters (e.g. 'stadtwerke-*,1ESY116*').")
    String subjects;

    @Option(names = "--token-file", description = "Write the token to this file (mode 0600) instead of printing it.")
    Path tokenFile;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RegistrarScope scope = RegistrarScope.parse(roles, subjects);
        if (scope.roles().isEmpty() || scope.subjectPatterns().isEmpty()) {
            throw new UsageError("a registrar needs at least one role and one subject pattern");
        }
        try (SmPki pki = SmPki.open(dir)) {
            String token = pki.putRegistrar(name, scope, "cli");
            if (tokenFile != null) {
                PrivateFiles.writeString(tokenFile, token + "\n");
            }
            Result result = new Result(name, scope.rolesText(), scope.subjectPatternsText(), tokenFile == null ? token : null,
                    tokenFile == null ? null : tokenFile.toAbsolutePath().toString());
            if (json) {
                Output.json(spec.commandLine().getOut(), result);
            } else {
                var out = spec.commandLine().getOut();
                out.printf("registrar '%s': roles %s, subjects %s%n", name, result.roles(), result.subjects());
                out.println(tokenFile == null ? "token (shown once, only its hash is stored): " + token
                        : "token written to " + result.tokenFile() + " (mode 0600)");
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
