package org.bcpki.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.io.PrivateFiles;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * One SM-PKI on disk: the root and the five sub-CAs (GWA, GWH, EMT, SMGW, LMN) with their keys, the
 * publication points, and the SQLite store. Layout of the directory:
 * {@code pki.properties}, {@code root.pem}/{@code root.key}, {@code ca-<id>.pem}/{@code ca-<id>.key},
 * {@code pki.db}, {@code issued/}. Keys are unencrypted PKCS#8 PEM: this is a test PKI.
 */
public final class SmPki implements AutoCloseable {
    public static final Duration DEFAULT_CRL_VALIDITY = Duration.ofHours(24);
    public static final String DEFAULT_REGISTRAR = "registrar";
    /** Audit-log actors of the local operator; no registrar may take these names. */
    public static final java.util.Set<String> RESERVED_ACTORS = java.util.Set.of("cli", "init", "anonymous", "root-operator");
    private static final java.util.regex.Pattern REGISTRAR_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final java.util.regex.Pattern PROFILE_CA_ID = java.util.regex.Pattern.compile("[a-z]{2,8}");

    /** The persisted settings of a PKI. */
    public record Settings(PkiAlgorithm algorithm, PublicationPoints points, Duration crlValidity, Duration deltaCrlPeriod) {
        public Settings {
            if (deltaCrlPeriod.isNegative() || deltaCrlPeriod.isZero() || deltaCrlPeriod.compareTo(crlValidity) > 0) {
                throw new IllegalArgumentException("the delta CRL period must be positive and at most the CRL validity");
            }
        }

        /** With the default delta CRL period: one hour, or the CRL validity if that is shorter. */
        public Settings(PkiAlgorithm algorithm, PublicationPoints points, Duration crlValidity) {
            this(algorithm, points, crlValidity, defaultDeltaPeriod(crlValidity));
        }

        public static Duration defaultDeltaPeriod(Duration crlValidity) {
            return crlValidity.compareTo(Duration.ofHours(1)) < 0 ? crlValidity : Duration.ofHours(1);
        }
    }

    /** The result of {@link #create}: the PKI and the first registrar's API token (shown once). */
    public record Created(SmPki pki, String registrarToken) {}

    private final Path dir;
    private final Settings settings;
    private final CertificateAuthority root;
    private final Map<Role, CertificateAuthority> subCas;
    /** Sub-CAs of profiles outside TR-03109-4 (code signing), by id; they sign and publish CRLs like the others. */
    private final Map<String, CertificateAuthority> profileCas = new java.util.concurrent.ConcurrentHashMap<>();
    private final PkiStore store;
    private final Issuer issuer;
    private final IssuedCrlCache crls = new IssuedCrlCache();

    private SmPki(Path dir, Settings settings, CertificateAuthority root, Map<Role, CertificateAuthority> subCas,
                  PkiStore store) {
        this.dir = dir;
        this.settings = settings;
        this.root = root;
        this.subCas = subCas;
        this.store = store;
        this.issuer = new Issuer(this);
    }

    /** Creates a new PKI in an empty (or missing) directory, which becomes 0700 (keys and pki.db are 0600). */
    public static Created create(Path dir, Settings settings) throws IOException {
        PrivateFiles.directory(dir);
        if (Files.exists(dir.resolve("pki.properties"))) {
            throw new IllegalArgumentException(dir + " already holds a PKI (pki.properties exists)");
        }
        SecureRandom random = new SecureRandom();
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyPair rootKey = SignatureSuite.of(settings.algorithm().rootKey()).generate(random);
        CertificateAuthority root = new CertificateAuthority(null,
                ProfileCertificates.root(rootKey, notBefore), rootKey.getPrivate());
        writeCa(dir, root);
        Map<Role, CertificateAuthority> subCas = new LinkedHashMap<>();
        for (Role role : SmPkiProfile.certifiedRoles()) {
            KeyPair key = SignatureSuite.of(settings.algorithm().subKey()).generate(random);
            CertificateAuthority ca = new CertificateAuthority(role,
                    ProfileCertificates.subCa(root, role, key.getPublic(), notBefore, settings.points()), key.getPrivate());
            writeCa(dir, ca);
            subCas.put(role, ca);
        }
        Properties properties = new Properties();
        properties.setProperty("algorithm", settings.algorithm().cliName());
        properties.setProperty("http", settings.points().httpBase());
        properties.setProperty("ldap", settings.points().ldapBase());
        properties.setProperty("crlValidity", settings.crlValidity().toString());
        properties.setProperty("deltaCrlPeriod", settings.deltaCrlPeriod().toString());
        try (OutputStream out = Files.newOutputStream(dir.resolve("pki.properties"))) {
            properties.store(out, "bcpki classic SM-PKI");
        }
        PrivateFiles.directory(dir.resolve("issued")); // 'bcpki pki issue' writes end-entity keys there
        SmPki pki = new SmPki(dir, settings, root, subCas, PkiStore.open(dir.resolve("pki.db")));
        // The sub-CA certificates are in the store so that the root's CRL and OCSP can speak for them.
        for (CertificateAuthority ca : subCas.values()) {
            X509CertificateHolder certificate = ca.certificate();
            pki.store.insertCertificate(certificate.getSerialNumber(), root.id(), SmPkiProfile.commonName(certificate.getSubject()),
                    null, "CA", certificate.getNotAfter().toInstant(), Pem.der(certificate), "init");
        }
        String token = newToken(random);
        pki.store.putRegistrar(DEFAULT_REGISTRAR, token, RegistrarScope.ALL_END_ENTITIES);
        pki.store.audit("init", "create-pki", settings.algorithm().cliName() + " " + settings.points().httpBase(), "ok");
        return new Created(pki, token);
    }

    public static SmPki open(Path dir) throws IOException {
        Path propertiesFile = dir.resolve("pki.properties");
        if (!Files.exists(propertiesFile)) {
            throw new IllegalArgumentException(dir + " holds no PKI (run 'bcpki pki init --dir " + dir + "' first)");
        }
        narrowModes(dir);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(propertiesFile)) {
            properties.load(in);
        }
        Duration crlValidity = Duration.parse(properties.getProperty("crlValidity"));
        String deltaPeriod = properties.getProperty("deltaCrlPeriod"); // absent in PKIs made before delta CRLs
        Settings settings = new Settings(PkiAlgorithm.parse(properties.getProperty("algorithm")),
                new PublicationPoints(properties.getProperty("http"), properties.getProperty("ldap")), crlValidity,
                deltaPeriod == null ? Settings.defaultDeltaPeriod(crlValidity) : Duration.parse(deltaPeriod));
        CertificateAuthority root = readCa(dir, null);
        Map<Role, CertificateAuthority> subCas = new LinkedHashMap<>();
        for (Role role : SmPkiProfile.certifiedRoles()) {
            subCas.put(role, readCa(dir, role));
        }
        SmPki pki = new SmPki(dir, settings, root, subCas, PkiStore.open(dir.resolve("pki.db")));
        for (String id : profileCaIds(dir)) {
            pki.profileCas.put(id, new CertificateAuthority(id, null, Pem.certificate(dir.resolve("ca-" + id + ".pem")),
                    Pem.privateKey(dir.resolve("ca-" + id + ".key"))));
        }
        return pki;
    }

    /** A new random registrar token: 32 bytes, URL-safe Base64. */
    public static String newToken(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public Path dir() {
        return dir;
    }

    public Settings settings() {
        return settings;
    }

    public CertificateAuthority root() {
        return root;
    }

    public CertificateAuthority subCa(Role role) {
        CertificateAuthority ca = subCas.get(role);
        if (ca == null) {
            throw new IllegalArgumentException("no sub-CA for role " + role + "; the SM-PKI certifies GWA, GWH, EMT, SMGW and METER");
        }
        return ca;
    }

    public List<CertificateAuthority> subCas() {
        return List.copyOf(subCas.values());
    }

    /** Every CA, root first, then the SM-PKI sub-CAs, then the profile sub-CAs. */
    public List<CertificateAuthority> authorities() {
        List<CertificateAuthority> all = new java.util.ArrayList<>();
        all.add(root);
        all.addAll(subCas.values());
        profileCas.keySet().stream().sorted().forEach(id -> all.add(profileCas.get(id)));
        return all;
    }

    /**
     * The root's sub-CA {@code id} of a profile outside TR-03109-4 (e.g. {@code cs}, code signing), made on first
     * use: a key of the hierarchy's sub-CA algorithm, a certificate from the root (pathLen 0, keyCertSign|cRLSign),
     * files {@code ca-<id>.pem}/{@code ca-<id>.key} (0600), stored so the root's CRL and OCSP speak for it. Its CRL
     * is served at {@code /crl/<id>.crl} like every other CA's.
     */
    public synchronized CertificateAuthority profileSubCa(String id, String commonName, String actor) throws IOException {
        CertificateAuthority existing = profileCas.get(id);
        if (existing != null) {
            if (!commonName.equals(SmPkiProfile.commonName(existing.certificate().getSubject()))) {
                throw new IllegalArgumentException("sub-CA '" + id + "' exists with another name than " + commonName);
            }
            return existing;
        }
        if (!PROFILE_CA_ID.matcher(id).matches() || id.equals(root.id())
                || subCas.values().stream().anyMatch(ca -> ca.id().equals(id))) {
            throw new IllegalArgumentException("a profile sub-CA id is 2-8 of a-z and no SM-PKI CA's id, not '" + id + "'");
        }
        requireRootKey();
        KeyPair key = SignatureSuite.of(settings.algorithm().subKey()).generate(new SecureRandom());
        X509CertificateHolder certificate = ProfileCertificates.subCa(root, commonName, key.getPublic(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), settings.points());
        CertificateAuthority ca = new CertificateAuthority(id, null, certificate, key.getPrivate());
        writeCa(dir, ca);
        store.insertCertificate(certificate.getSerialNumber(), root.id(), commonName, null, "CA",
                certificate.getNotAfter().toInstant(), Pem.der(certificate), actor);
        store.audit(actor, "create-sub-ca", id + " " + commonName + " " + Serials.toHex(certificate.getSerialNumber()), "ok");
        profileCas.put(id, ca);
        return ca;
    }

    public CertificateAuthority authority(String caId) {
        for (CertificateAuthority ca : authorities()) {
            if (ca.id().equals(caId)) {
                return ca;
            }
        }
        throw new IllegalArgumentException("no CA '" + caId + "'");
    }

    public PkiStore store() {
        return store;
    }

    public Issuer issuer() {
        return issuer;
    }

    /** The CA's current CRL, regenerated after a revocation or when half its validity has passed. */
    public X509CRLHolder currentCrl(String caId) {
        CertificateAuthority ca = authority(caId);
        return crls.current(ca, store, settings.crlValidity(), settings.points().deltaCrlUrl(caId));
    }

    /** The CA's current delta CRL against the latest base (RFC 5280 5.2.4), re-signed on change or every half delta period. */
    public X509CRLHolder currentDeltaCrl(String caId) {
        CertificateAuthority ca = authority(caId);
        return crls.currentDelta(ca, store, settings.crlValidity(), settings.deltaCrlPeriod(), settings.points().deltaCrlUrl(caId));
    }

    /** Builds a CRL now with the given nextUpdate distance (for tests of stale CRLs and for benchmarks). */
    public X509CRLHolder buildCrl(String caId, Instant thisUpdate, Instant nextUpdate) {
        CertificateAuthority ca = authority(caId);
        return CrlBuilder.build(ca, store.revocations(caId), thisUpdate, nextUpdate, store.nextCrlNumber(caId));
    }

    /** The result of {@link #revokeSubCa}: the revocation and the root CRL that now lists it. */
    public record CaRevocation(PkiStore.Revocation revocation, X509CRLHolder rootCrl) {}

    /** Adds (or re-keys and re-scopes) a registrar and returns its new token (shown once; only its hash is stored). */
    public String putRegistrar(String name, RegistrarScope scope, String actor) {
        if (name == null || !REGISTRAR_NAME.matcher(name).matches() || RESERVED_ACTORS.contains(name)) {
            throw new IllegalArgumentException("a registrar name is 1-64 of a-z, 0-9, '.', '_', '-' and not one of "
                    + RESERVED_ACTORS + ", not '" + name + "'");
        }
        String token = newToken(new SecureRandom());
        store.putRegistrar(name, token, scope);
        store.audit(actor, "registrar", name + " " + scope, "ok");
        return token;
    }

    /**
     * Revokes an end-entity certificate as the CA operator working on this directory; the audit log
     * records who did it. CA certificates are refused: that is {@link #revokeSubCa}.
     */
    public PkiStore.Revocation revoke(BigInteger serial, RevocationReason reason, String actor) {
        PkiStore.IssuedCertificate certificate = known(serial, actor);
        if (isCaCertificate(certificate)) {
            store.audit(actor, "revoke", Serials.toHex(serial) + " " + certificate.commonName(), "rejected: CA certificate");
            throw new IllegalArgumentException(certificate.commonName() + " is a CA certificate; only the root operator revokes it,"
                    + " offline: bcpki pki revoke-ca --dir <CA directory> --ca " + caIdOf(certificate));
        }
        return record(certificate, reason, actor);
    }

    /**
     * Revokes on a registrar's request (the issuance web service): only end-entity certificates inside
     * its scope. A CA certificate, or anything outside the scope, is refused with {@link NotPermitted}.
     */
    public PkiStore.Revocation revoke(BigInteger serial, RevocationReason reason, Registrar registrar) {
        PkiStore.IssuedCertificate certificate = known(serial, registrar.name());
        String detail = Serials.toHex(serial) + " " + certificate.commonName();
        if (isCaCertificate(certificate)) {
            store.audit(registrar.name(), "revoke", detail, "rejected: CA certificate");
            throw new NotPermitted(certificate.commonName() + " is a CA certificate: a registrar may revoke only end-entity"
                    + " certificates; revoking a CA is the root operator's offline action");
        }
        if (!registrar.scope().permitsCommonName(certificate.commonName())) {
            store.audit(registrar.name(), "revoke", detail, "rejected: outside scope");
            throw new NotPermitted(certificate.commonName() + " is outside registrar '" + registrar.name() + "'s scope ("
                    + registrar.scope() + ")");
        }
        return record(certificate, reason, registrar.name());
    }

    /**
     * The root operator's offline revocation of a sub-CA: it needs this directory's root key (checked
     * against the root certificate), records the revocation and signs a fresh root CRL that lists it.
     */
    public CaRevocation revokeSubCa(Role role, RevocationReason reason, String actor) {
        CertificateAuthority subCa = subCa(role);
        requireRootKey();
        PkiStore.IssuedCertificate certificate = known(subCa.certificate().getSerialNumber(), actor);
        PkiStore.Revocation revocation = record(certificate, reason, actor);
        return new CaRevocation(revocation, currentCrl(root.id()));
    }

    private PkiStore.IssuedCertificate known(BigInteger serial, String actor) {
        return store.certificate(serial).orElseThrow(() -> {
            store.audit(actor, "revoke", Serials.toHex(serial), "rejected: unknown serial");
            return new IllegalArgumentException("no certificate with serial " + Serials.toHex(serial));
        });
    }

    /** Anything the root issued is a CA certificate, and so is anything whose basicConstraints say cA. */
    static boolean isCaCertificate(PkiStore.IssuedCertificate certificate) {
        if (certificate.caId().equals(SmPkiProfile.caId(null)) || certificate.role() == null) {
            return true;
        }
        X509CertificateHolder holder = new X509CertificateHolder(org.bouncycastle.asn1.x509.Certificate.getInstance(certificate.der()));
        BasicConstraints constraints = BasicConstraints.fromExtensions(holder.getExtensions());
        return constraints != null && constraints.isCA();
    }

    private static String caIdOf(PkiStore.IssuedCertificate certificate) {
        return SmPkiProfile.roleOfCommonName(certificate.commonName()).map(SmPkiProfile::caId)
                .orElse(certificate.commonName().replace("-Sub.CA", "").toLowerCase(java.util.Locale.ROOT));
    }

    /** Proves that root.key belongs to root.pem by signing and verifying a random challenge. */
    private void requireRootKey() {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            ContentSigner signer = root.signer();
            signer.getOutputStream().write(challenge);
            byte[] signature = signer.getSignature();
            ContentVerifier verifier = new JcaContentVerifierProviderBuilder().setProvider(SignatureSuite.provider())
                    .build(root.certificate()).get(signer.getAlgorithmIdentifier());
            verifier.getOutputStream().write(challenge);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("the root key in " + dir + " does not belong to the root certificate");
            }
        } catch (IOException | OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot use the root key in " + dir + ": " + e.getMessage(), e);
        }
    }

    private PkiStore.Revocation record(PkiStore.IssuedCertificate certificate, RevocationReason reason, String actor) {
        BigInteger serial = certificate.serial();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (!store.revoke(serial, certificate.caId(), reason, now)) {
            store.audit(actor, "revoke", Serials.toHex(serial), "rejected: already revoked");
            throw new IllegalArgumentException("certificate " + Serials.toHex(serial) + " is already revoked");
        }
        store.audit(actor, "revoke", Serials.toHex(serial) + " " + certificate.commonName() + " " + reason, "ok");
        return new PkiStore.Revocation(serial, certificate.caId(), reason, now);
    }

    @Override
    public void close() {
        store.close();
    }

    private static void writeCa(Path dir, CertificateAuthority ca) throws IOException {
        String stem = ca.isRoot() ? fileStem(null) : "ca-" + ca.id();
        Pem.write(dir.resolve(stem + ".pem"), ca.certificate());
        Pem.write(dir.resolve(stem + ".key"), ca.privateKey());
    }

    /** Ids of the profile sub-CAs on disk: every {@code ca-<id>.pem} that is no SM-PKI sub-CA's. */
    private static List<String> profileCaIds(Path dir) throws IOException {
        java.util.Set<String> smPki = java.util.Arrays.stream(SmPkiProfile.certifiedRoles()).map(SmPkiProfile::caId)
                .collect(java.util.stream.Collectors.toSet());
        List<String> ids = new java.util.ArrayList<>();
        try (var files = Files.newDirectoryStream(dir, "ca-*.pem")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring("ca-".length(), name.length() - ".pem".length());
                if (PROFILE_CA_ID.matcher(id).matches() && !smPki.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** A directory made before file modes were enforced is narrowed: 0700 directories, 0600 keys and database. */
    private static void narrowModes(Path dir) throws IOException {
        PrivateFiles.directory(dir);
        if (Files.isDirectory(dir.resolve("issued"))) {
            PrivateFiles.directory(dir.resolve("issued"));
        }
        for (Role role : SmPkiProfile.certifiedRoles()) {
            narrowIfPresent(dir.resolve(fileStem(role) + ".key"));
        }
        for (String id : profileCaIds(dir)) {
            narrowIfPresent(dir.resolve("ca-" + id + ".key"));
        }
        narrowIfPresent(dir.resolve(fileStem(null) + ".key"));
        for (String database : List.of("pki.db", "pki.db-wal", "pki.db-shm", "pki.db-journal")) {
            narrowIfPresent(dir.resolve(database));
        }
    }

    private static void narrowIfPresent(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            PrivateFiles.ensureFile(file);
        }
    }

    private static CertificateAuthority readCa(Path dir, Role role) throws IOException {
        return new CertificateAuthority(role, Pem.certificate(dir.resolve(fileStem(role) + ".pem")),
                Pem.privateKey(dir.resolve(fileStem(role) + ".key")));
    }

    /** {@code root} or {@code ca-gwa}, {@code ca-lmn}, ... */
    public static String fileStem(Role role) {
        return role == null ? "root" : "ca-" + SmPkiProfile.caId(role);
    }
}
