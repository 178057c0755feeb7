package org.bcpki.chain.rpc;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Besu's {@code rpc-http-cors-origins} on the HTTP server. Each entry is a regular expression an
 * Origin header must match in full ({@code *} or {@code all}: any origin; {@code none} or no entry:
 * no origin, Besu's default). A request without Origin is no CORS request and passes. An allowed
 * origin gets {@code Access-Control-Allow-Origin: <origin>} and {@code Vary: Origin}; a preflight
 * (OPTIONS with Access-Control-Request-Method) is answered 204 with
 * {@code Access-Control-Allow-Headers: *,content-type} and no body. Any other origin is refused with
 * HTTP 403 and Besu's body "Exception thrown handling RPC".
 */
public final class CorsPolicy {
    static final String ALLOW_HEADERS = "*,content-type";
    static final String REFUSED_BODY = "Exception thrown handling RPC";
    private final Pattern allowed;

    private CorsPolicy(Pattern allowed) {
        this.allowed = allowed;
    }

    /** Besu's checks: no empty entry, {@code none} and {@code *} stand alone, the entries form a valid pattern. */
    public static List<String> normalise(List<String> origins) {
        List<String> domains = new ArrayList<>();
        for (String entry : origins) {
            if (entry == null || entry.isEmpty()) {
                throw new IllegalArgumentException("rpc-http-cors-origins: Domain cannot be empty string or null string.");
            }
            for (String d : entry.split("\\s*,+\\s*")) {
                if (!d.isEmpty() && !domains.contains(d)) {
                    domains.add(d.equals("all") ? "*" : d);
                }
            }
        }
        if (domains.contains("none") && domains.size() > 1) {
            throw new IllegalArgumentException("rpc-http-cors-origins: Value 'none' can't be used with other domains");
        }
        if (domains.contains("*") && domains.size() > 1) {
            throw new IllegalArgumentException("rpc-http-cors-origins: Values '*' or 'all' can't be used with other domains");
        }
        of(domains);
        return List.copyOf(domains);
    }

    public static CorsPolicy of(List<String> domains) {
        if (domains.isEmpty()) {
            return new CorsPolicy(null);
        }
        if (domains.contains("*")) {
            return new CorsPolicy(Pattern.compile(".*://.*|.*"));
        }
        try {
            return new CorsPolicy(Pattern.compile(String.join("|", domains)));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("rpc-http-cors-origins: Domain values result in invalid regex pattern", e);
        }
    }

    public boolean allows(String origin) {
        return allowed != null && allowed.matcher(origin).matches();
    }

    /** A Javalin before-handler: adds the CORS headers, answers a preflight or refuses the origin. */
    public void handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            ctx.header("Vary", "Origin");
            return;
        }
        if (!allows(origin)) {
            ctx.status(403).result(REFUSED_BODY);
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        if (ctx.method() == HandlerType.OPTIONS && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
            ctx.header("Content-Length", "0");
            ctx.status(204).result("");
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("Vary", "Origin");
    }
}
