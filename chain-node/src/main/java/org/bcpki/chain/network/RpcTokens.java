package org.bcpki.chain.network;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bcpki.core.io.PrivateFiles;

/**
 * The network's JWT key pair for Besu's RPC authentication and the tokens it signs. The private
 * key ({@value #PRIVATE_KEY}, 0600) stays with the operator; every node's config names the public
 * key ({@value #PUBLIC_KEY}) in {@code rpc-http-authentication-jwt-public-key-file}.
 */
public final class RpcTokens {
    public static final String PRIVATE_KEY = "rpc-jwt-private.pem";
    public static final String PUBLIC_KEY = "rpc-jwt-public.pem";
    public static final String ALGORITHM = "RS256";
    /** What an operator's token carries by default: the administrative namespaces and every read. */
    public static final List<String> ADMIN_PERMISSIONS = List.of("*:*");
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private RpcTokens() {}

    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the network's key pair unless it exists (re-running init keeps tokens already handed out valid). */
    public static void ensureKeyPair(Path networkDir) throws IOException {
        if (Files.exists(networkDir.resolve(PRIVATE_KEY)) && Files.exists(networkDir.resolve(PUBLIC_KEY))) {
            return;
        }
        KeyPair pair = generateKeyPair();
        PrivateFiles.writeString(networkDir.resolve(PRIVATE_KEY), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(networkDir.resolve(PUBLIC_KEY), publicKeyPem(pair.getPublic()));
    }

    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public static PrivateKey readPrivateKey(Path networkDir) throws IOException {
        Path file = networkDir.resolve(PRIVATE_KEY);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no RPC token key in " + networkDir + " (" + PRIVATE_KEY + "; run 'bcpki network init' again)");
        }
        String base64 = Files.readString(file).replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a PEM RSA private key", e);
        }
    }

    /** A token of the network in {@code networkDir} with {@code permissions}, valid for {@code ttl}. */
    public static String mint(Path networkDir, List<String> permissions, Duration ttl) throws IOException {
        return mint(readPrivateKey(networkDir), permissions, Instant.now().plus(ttl));
    }

    /** An RS256 token with Besu's {@code permissions} claim, issued now and expiring at {@code expiry}. */
    public static String mint(PrivateKey key, List<String> permissions, Instant expiry) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issueTime(new Date()).expirationTime(Date.from(expiry))
                .claim("permissions", List.copyOf(permissions)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign an RPC token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
