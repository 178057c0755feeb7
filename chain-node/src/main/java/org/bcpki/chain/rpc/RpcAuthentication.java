package org.bcpki.chain.rpc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Besu's JWT RPC authentication: a bearer token signed with the key whose public half is in
 * {@code rpc-http-authentication-jwt-public-key-file}, with the configured algorithm only, an
 * {@code exp} in the future and a {@code permissions} claim such as {@code ["qbft:*","eth:blockNumber"]}
 * ({@code "*:*"} permits everything).
 */
public final class RpcAuthentication {
    private final JWSAlgorithm algorithm;
    private final JWSVerifier verifier;
    private final Clock clock;

    public RpcAuthentication(PublicKey key, String algorithm, Clock clock) {
        this.algorithm = JWSAlgorithm.parse(algorithm);
        this.clock = clock;
        try {
            this.verifier = switch (algorithm.substring(0, 2)) {
                case "RS" -> new RSASSAVerifier((RSAPublicKey) key);
                case "ES" -> new ECDSAVerifier((ECPublicKey) key);
                default -> throw new IllegalArgumentException("unsupported JWT algorithm " + algorithm);
            };
        } catch (JOSEException | ClassCastException e) {
            throw new IllegalArgumentException("the JWT public key does not fit algorithm " + algorithm, e);
        }
    }

    /** Reads a PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo) file, RSA for RS*, EC for ES*. */
    public static RpcAuthentication fromPublicKeyFile(Path pem, String algorithm) throws IOException {
        return new RpcAuthentication(readPublicKey(pem, algorithm.startsWith("ES") ? "EC" : "RSA"), algorithm, Clock.systemUTC());
    }

    public static PublicKey readPublicKey(Path pem, String keyAlgorithm) throws IOException {
        String text = Files.readString(pem);
        String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(pem + " is not a PEM " + keyAlgorithm + " public key", e);
        }
    }

    /**
     * The permissions of the bearer token in an {@code Authorization} header value; empty when the
     * header is absent or the token is malformed, signed otherwise, expired or without permissions.
     */
    public Optional<Set<String>> permissions(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7).trim());
            if (!algorithm.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date now = Date.from(clock.instant());
            if (claims.getExpirationTime() == null || !claims.getExpirationTime().after(now)
                    || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now))) {
                return Optional.empty();
            }
            List<String> permissions = claims.getStringListClaim("permissions");
            return permissions == null ? Optional.empty() : Optional.of(Set.copyOf(permissions));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code permissions} ("*:*", "ns:*", "ns:name") allow {@code method} (ns_name). */
    public static boolean permits(Set<String> permissions, String method) {
        int underscore = method.indexOf('_');
        if (underscore <= 0) {
            return permissions.contains("*:*");
        }
        String namespace = method.substring(0, underscore);
        String name = method.substring(underscore + 1);
        return permissions.contains("*:*") || permissions.contains(namespace + ":*") || permissions.contains(namespace + ":" + name);
    }
}
