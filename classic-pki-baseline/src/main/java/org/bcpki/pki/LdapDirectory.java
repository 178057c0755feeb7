package org.bcpki.pki;

final class LdapDirectory {
    static final String BASE_DN = "o=" + SmPkiProfile.ORGANISATION;
    static String caDn(String cn) { return "cn=" + cn + "," + BASE_DN; }
}
