package org.bcpki.pki;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The PKI's LDAP directory (UnboundID in-memory server on a real loopback port), laid out as RFC 4523
 * suggests: {@code o=SM-Test-PKI-DE} holds one {@code pkiCA} entry per CA ({@code cACertificate;binary},
 * {@code certificateRevocationList;binary}) and one {@code ou} per certificate class holding
 * {@code pkiUser} entries named by CN with every certificate of that subject in {@code userCertificate;binary}.
 * Anonymous reads are allowed; writes happen in-process only.
 */
public final class LdapDirectory implements AutoCloseable {
    static final String BASE_DN = "o=" + SmPkiProfile.ORGANISATION;

    private final InMemoryDirectoryServer server;

    private LdapDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    /** Starts the directory on 127.0.0.1 (port 0 lets the OS choose). */
    public static LdapDirectory start(int port) {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    InetAddress.getByName("127.0.0.1"), port, null));
            // Clients may only read; the PKI writes through the in-process API.
            config.setAllowedOperationTypes(EnumSet.of(OperationType.SEARCH, OperationType.BIND, OperationType.COMPARE,
                    OperationType.EXTENDED));
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.add(new Entry(BASE_DN, new Attribute("objectClass", "top", "organization"),
                    new Attribute("o", SmPkiProfile.ORGANISATION)));
            for (Role role : SmPkiProfile.certifiedRoles()) {
                String ou = SmPkiProfile.suffix(role);
                server.add(new Entry("ou=" + ou + "," + BASE_DN, new Attribute("objectClass", "top", "organizationalUnit"),
                        new Attribute("ou", ou)));
            }
            server.startListening();
            return new LdapDirectory(server);
        } catch (LDAPException | UnknownHostException e) {
            throw new IllegalStateException("cannot start the LDAP directory on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getListenPort();
    }

    public String url() {
        return "ldap://127.0.0.1:" + port();
    }

    static String caDn(String cn) {
        return new DN(new RDN("cn", cn), safeDn(BASE_DN)).toString();
    }

    static String userDn(String cn, Role role) {
        return new DN(new RDN("cn", cn), new RDN("ou", SmPkiProfile.suffix(role)), new RDN("o", SmPkiProfile.ORGANISATION))
                .toString();
    }

    /** Publishes a CA's certificate and CRL (replacing an older CRL). */
    public synchronized void publishCa(CertificateAuthority ca, X509CRLHolder crl) {
        String cn = SmPkiProfile.commonName(ca.certificate().getSubject());
        String dn = caDn(cn);
        try {
            if (server.getEntry(dn) == null) {
                server.add(new Entry(dn, new Attribute("objectClass", "top", "applicationProcess", "pkiCA"),
                        new Attribute("cn", cn), new Attribute("cACertificate;binary", Pem.der(ca.certificate()))));
            }
            server.modify(dn, new Modification(ModificationType.REPLACE, "certificateRevocationList;binary", Pem.der(crl)));
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot publish CA " + cn + ": " + e.getMessage(), e);
        }
    }

    /** Adds an end-user certificate to its subject's entry, creating the entry on first use. */
    public synchronized void publishCertificate(String commonName, Role role, byte[] der) {
        String dn = userDn(commonName, role);
        try {
            if (server.getEntry(dn) == null) {
                server.add(new Entry(dn, new Attribute("objectClass", "top", "applicationProcess", "pkiUser"),
                        new Attribute("cn", commonName), new Attribute("userCertificate;binary", der)));
            } else {
                server.modify(dn, new Modification(ModificationType.ADD, "userCertificate;binary", der));
            }
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot publish a certificate of " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** Looks up, over LDAP on the loopback port, every certificate whose subject CN is {@code commonName}. */
    public static List<X509CertificateHolder> findCertificates(String ldapHost, int port, String commonName) {
        try (LDAPConnection connection = new LDAPConnection(ldapHost, port)) {
            return findCertificates(connection, commonName);
        } catch (LDAPException e) {
            throw new IllegalStateException("LDAP lookup of " + commonName + " failed: " + e.getMessage(), e);
        }
    }

    /** The same lookup on an open connection (the benchmark keeps one, as a relying party would). */
    public static List<X509CertificateHolder> findCertificates(LDAPConnection connection, String commonName)
            throws LDAPException {
        SearchResult result = connection.search(BASE_DN, SearchScope.SUB, Filter.createEqualityFilter("cn", commonName),
                "userCertificate;binary", "cACertificate;binary");
        List<X509CertificateHolder> found = new ArrayList<>();
        for (SearchResultEntry entry : result.getSearchEntries()) {
            for (String attribute : new String[] {"userCertificate;binary", "cACertificate;binary"}) {
                byte[][] values = entry.getAttributeValueByteArrays(attribute);
                if (values != null) {
                    for (byte[] value : values) {
                        found.add(Pem.certificate(value));
                    }
                }
            }
        }
        return found;
    }

    /** Reads a CA's CRL from the directory by the CA's CN. */
    public static X509CRLHolder findCrl(LDAPConnection connection, String caCommonName) throws LDAPException {
        SearchResultEntry entry = connection.getEntry(caDn(caCommonName), "certificateRevocationList;binary");
        if (entry == null || entry.getAttributeValueBytes("certificateRevocationList;binary") == null) {
            throw new IllegalArgumentException("the directory holds no CRL for " + caCommonName);
        }
        return Pem.crl(entry.getAttributeValueBytes("certificateRevocationList;binary"));
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    private static DN safeDn(String dn) {
        try {
            return new DN(dn);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }
}
