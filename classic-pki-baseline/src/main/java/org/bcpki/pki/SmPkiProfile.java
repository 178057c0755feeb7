package org.bcpki.pki;

import java.time.Period;
import java.util.Locale;
import java.util.Optional;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Naming and lifetime rules of the TR-03109-4 test SM-PKI as this baseline applies them.
 *
 * <p>Subjects are {@code C=DE, O=SM-Test-PKI-DE, CN=...}. Sub-CA CNs end in {@code .CA}
 * ({@code GWA-Sub.CA}, ...). End-user CNs are {@code <identity>.<ROLE>} ({@code stadtwerke.EMT},
 * {@code gw-0001.SMGW}); TR-03109-4 has no meter class, so meters, which only talk to their gateway,
 * get {@code <server id>.LMN} (e.g. {@code 1ESY1160000000.LMN}) from a dedicated LMN sub-CA.
 */
public final class SmPkiProfile {
    public static final String ORGANISATION = "SM-Test-PKI-DE";
    public static final String COUNTRY = "DE";
    public static final String ROOT_CN = "SM-Test-Root.CA";
    /** Certificate policy of the SM-PKI (TR-03109-4). */
    public static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("0.4.0.127.0.7.3.4.1.1.1");

    public static final Period ROOT_LIFETIME = Period.ofYears(10);
    public static final Period SUB_CA_LIFETIME = Period.ofYears(7);

    private SmPkiProfile() {}

    /** The CN suffix naming a role's end users: GWA, GWH, EMT, SMGW, or LMN for meters. */
    public static String suffix(Role role) {
        return switch (role) {
            case GWA, GWH, EMT, SMGW -> role.name();
            case METER -> "LMN";
            default -> throw new IllegalArgumentException(
                    "the SM-PKI has no certificate class for role " + role + "; use GWA, GWH, EMT, SMGW or METER");
        };
    }

    /** The roles that have a sub-CA, in a stable order. */
    public static Role[] certifiedRoles() {
        return new Role[] {Role.GWA, Role.GWH, Role.EMT, Role.SMGW, Role.METER};
    }

    /** Whether the role has an SM-PKI certificate class (a sub-CA); code-signing certificates carry other roles. */
    public static boolean certified(Role role) {
        return java.util.Arrays.asList(certifiedRoles()).contains(role);
    }

    /** Role named by an end-user CN suffix, if the CN carries one. */
    public static Optional<Role> roleOfCommonName(String cn) {
        if (cn == null || cn.endsWith(".CA")) {
            return Optional.empty();
        }
        int dot = cn.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String tail = cn.substring(dot + 1);
        for (Role role : certifiedRoles()) {
            if (suffix(role).equals(tail)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    public static String subCaCommonName(Role role) {
        return suffix(role) + "-Sub.CA";
    }

    /** Short id of a CA, used in file names and URLs: {@code root}, {@code gwa}, ..., {@code lmn}. */
    public static String caId(Role roleOrNullForRoot) {
        return roleOrNullForRoot == null ? "root" : suffix(roleOrNullForRoot).toLowerCase(Locale.ROOT);
    }

    /** End-user CN for an identity, checking that meters use a DIN 43863-5 server id and others do not. */
    public static String endUserCommonName(String identity, Role role) {
        String canonical = SubjectId.parse(identity).canonical().orElseThrow();
        boolean meterId = SubjectId.isMeterId(canonical);
        if (role == Role.METER && !meterId) {
            throw new IllegalArgumentException("a meter subject must be a DIN 43863-5 server id such as 1ESY1160000000, got '"
                    + identity + "'");
        }
        if (role != Role.METER && meterId) {
            throw new IllegalArgumentException("'" + identity + "' is a meter server id; only role METER uses those");
        }
        return canonical + "." + suffix(role);
    }

    /** Lifetime of an end-user certificate: 7 years for meters (LMN), 2 years for everyone else. */
    public static Period endUserLifetime(Role role) {
        return role == Role.METER ? Period.ofYears(7) : Period.ofYears(2);
    }

    /** SubjectAltName is required for GWA, GWH and EMT, and forbidden for SMGW (and not used for LMN). */
    public static boolean requiresSubjectAltName(Role role) {
        return role == Role.GWA || role == Role.GWH || role == Role.EMT;
    }

    public static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, COUNTRY)
                .addRDN(BCStyle.O, ORGANISATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** The (first) CN of a name, or null when it has none; in a multi-valued RDN the CN, not its first attribute. */
    public static String commonName(X500Name name) {
        for (RDN rdn : name.getRDNs(BCStyle.CN)) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(BCStyle.CN)) {
                    return IETFUtils.valueToString(attribute.getValue());
                }
            }
        }
        return null;
    }
}
