package org.bcpki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bcpki.authority.RequestSignature;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands that talk to a running authority service's REST API (status, held re-keys). */
final class AuthorityApiCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AuthorityApiCommands() {}

    record Reply(int status, JsonNode body) {}

    static Reply get(String baseUrl, String path) {
        return send(HttpRequest.newBuilder(uri(baseUrl, path)).timeout(Duration.ofSeconds(20)).GET().build(), baseUrl);
    }

    static Reply postSigned(String baseUrl, String path, JsonNode body, String keyId, KeyAlgorithm algorithm, KeyPair key) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        Map<String, String> headers = RequestSignature.headers(SignatureSuite.of(algorithm), key.getPrivate(), keyId,
                "POST", path, bytes, Instant.now().getEpochSecond(), HexFormat.of().formatHex(nonce));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(baseUrl, path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        return send(request.build(), baseUrl);
    }

    private static URI uri(String baseUrl, String path) {
        try {
            return URI.create(baseUrl.replaceAll("/+$", "") + path);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--url: " + e.getMessage());
        }
    }

    private static Reply send(HttpRequest request, String baseUrl) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body;
            try {
                body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                body = JSON.createObjectNode().put("error", "not_json").put("message", "the service did not answer JSON");
            }
            return new Reply(response.statusCode(), body);
        } catch (IOException e) {
            throw new UnreachableService("cannot reach the authority service at " + baseUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableService("interrupted");
        }
    }

    /** The service could not be reached: a negative result (exit 1), not a usage error. */
    static final class UnreachableService extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreachableService(String message) {
            super(message);
        }
    }

    /** A caller key file: the 32-byte seed of the key registered in callers.json, as 64 hex digits. */
    static KeyPair callerKey(Path file, KeyAlgorithm algorithm) {
        String hex;
        try {
            hex = Files.readString(file).strip().replaceFirst("^0x", "");
        } catch (IOException e) {
            throw new UsageError("cannot read --key " + file + ": " + e.getMessage());
        }
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new UsageError("--key " + file + " must hold a 32-byte seed as 64 hex digits");
        }
        return SignatureSuite.of(algorithm).fromSeed(HexFormat.of().parseHex(hex));
    }

    abstract static class ApiAction implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--url", required = true, description = "The authority service, e.g. http://127.0.0.1:8470.")
        String url;
        @Option(names = "--json", description = "Print the service's JSON answer.")
        boolean json;

        abstract Reply act();

        abstract String text(JsonNode body);

        /** Exit code for a successful answer (non-zero to flag a negative status). */
        int exitCode(JsonNode body) {
            return ExitCodes.OK;
        }

        @Override
        public Integer call() {
            Reply reply;
            try {
                reply = act();
            } catch (UnreachableService e) {
                spec.commandLine().getErr().println("bcpki: " + e.getMessage());
                return ExitCodes.NEGATIVE;
            }
            if (json) {
                Output.json(spec.commandLine().getOut(), reply.body());
            }
            if (reply.status() >= 400) {
                spec.commandLine().getErr().printf("bcpki: HTTP %d %s: %s%n", reply.status(),
                        reply.body().path("error").asText(), reply.body().path("message").asText());
                return reply.status() == 400 ? ExitCodes.USAGE : ExitCodes.NEGATIVE;
            }
            if (!json) {
                spec.commandLine().getOut().println(text(reply.body()));
            }
            return exitCode(reply.body());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show a running service's health: pending chain work, unsealed revocations, held re-keys. "
                    + "Exit 1 while a revocation is not sealed.")
    static final class Status extends ApiAction {
        @Override
        Reply act() {
            return get(url, "/v1/health");
        }

        @Override
        String text(JsonNode h) {
            StringBuilder out = new StringBuilder(String.format(
                    "authority %s (account %s)%n  registry             %s%n  pending chain work   %d%n"
                            + "  unsealed revocations %d%n  held re-keys         %d%n  last chain error     %s",
                    h.path("authority").asText(), h.path("account").asText(), h.path("registry").asText(),
                    h.path("pendingChainWork").asInt(), h.path("unsealedRevocations").asInt(),
                    h.path("heldGrantRequests").asInt(),
                    h.path("lastChainError").isNull() ? "-" : h.path("lastChainError").asText()));
            if (h.path("unsealedRevocations").asInt() > 0) {
                out.append(String.format("%nWARNING: %d revocation(s) NOT SEALED on chain yet; the revoked keys are still "
                        + "accepted (see GET /v1/revocations/{id} for attempts and the last error)", h.path("unsealedRevocations").asInt()));
            }
            return out.toString();
        }

        @Override
        int exitCode(JsonNode body) {
            return body.path("unsealedRevocations").asInt() > 0 ? ExitCodes.NEGATIVE : ExitCodes.OK;
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "Show a grant request at a running service: state, reason, retries, operator decisions.")
    static final class ShowRequest extends ApiAction {
        @Option(names = "--id", required = true, description = "The request id (0x and 64 hex digits).")
        String id;

        @Override
        Reply act() {
            if (!id.matches("0x[0-9a-fA-F]{64}")) {
                throw new UsageError("--id must be 0x and 64 hex digits");
            }
            return get(url, "/v1/grant-requests/" + id);
        }

        @Override
        String text(JsonNode r) {
            StringBuilder out = new StringBuilder(String.format("%s%n  subject   %s%n  role      %s%n  keyHash   %s%n"
                            + "  state     %s%n  reason    %s%n  attempts  %d%s", r.path("id").asText(), r.path("subject").asText(),
                    r.path("role").asText(), r.path("keyHash").asText(), r.path("state").asText(),
                    r.path("reason").isNull() ? "-" : r.path("reason").asText(), r.path("attempts").asInt(),
                    r.path("lastError").isNull() ? "" : " (last error: " + r.path("lastError").asText() + ")"));
            for (JsonNode d : r.path("decisions")) {
                out.append(String.format("%n  decision  %s by %s at %s: %s", d.path("decision").asText(),
                        d.path("operator").asText(), Instant.ofEpochSecond(d.path("decidedAt").asLong()),
                        d.path("reason").asText()));
            }
            return out.toString();
        }
    }

    @Command(name = "decide", mixinStandardHelpOptions = true,
            description = "As this authority's operator, approve or reject a grant request held for a decision "
                    + "(a re-key without the holder's rotation proof). The decision is audited with the reason.")
    static final class Decide extends ApiAction {
        @Option(names = "--id", required = true, description = "The held request's id (0x and 64 hex digits).")
        String id;
        @Option(names = "--key-id", required = true, description = "The operator's key id in callers.json.")
        String keyId;
        @Option(names = "--key", required = true, description = "File with the operator key's 32-byte seed (64 hex digits).")
        Path key;
        @Option(names = "--algorithm", defaultValue = "ML-DSA-65", description = "The operator key's algorithm (default ${DEFAULT-VALUE}).")
        String algorithm;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Choice choice;
        @Option(names = "--reason", required = true, description = "Why (mandatory, 1..200 characters; kept in the audit log).")
        String reason;

        static final class Choice {
            @Option(names = "--approve", required = true, description = "Approve the re-key (this authority's vote only).")
            boolean approve;
            @Option(names = "--reject", required = true, description = "Reject it; this authority never approves it.")
            boolean reject;
        }

        @Override
        Reply act() {
            if (!id.matches("0x[0-9a-fA-F]{64}")) {
                throw new UsageError("--id must be 0x and 64 hex digits");
            }
            KeyAlgorithm parsed;
            try {
                parsed = KeyAlgorithm.parse(algorithm);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--algorithm: " + e.getMessage());
            }
            var body = JSON.createObjectNode().put("decision", choice.approve ? "approve" : "reject").put("reason", reason);
            return postSigned(url, "/v1/grant-requests/" + id.toLowerCase(java.util.Locale.ROOT) + "/decision", body,
                    keyId, parsed, callerKey(key, parsed));
        }

        @Override
        String text(JsonNode r) {
            return String.format("%s: %s (%s)", r.path("id").asText(), r.path("state").asText(), r.path("reason").asText());
        }
    }
}
