package org.bcpki.gateway.wan;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.bcpki.core.identity.SubjectId;

/**
 * Who may do what at this gateway: a properties file. One line per EMT identity with the meter IDs it
 * may read, e.g. {@code stadtwerke-nord.emt = 1ESY1160000000, 1ESY1160000001}, and one line
 * {@value #ADMINISTRATORS} listing the gateway administrators (role GWA) who may install software,
 * e.g. {@code @administrators = messstellenbetreiber.gwa}. The {@code @} cannot begin an identity, so
 * that line is never read as an EMT's. Anything not listed is refused.
 */
public record AccessProfile(Map<String, Set<String>> meterIdsByEmt, Set<String> administrators) {
    public static final String FILE_NAME = "access-profile.properties";
    public static final String ADMINISTRATORS = "@administrators";

    public AccessProfile {
        meterIdsByEmt = Map.copyOf(meterIdsByEmt);
        administrators = Set.copyOf(administrators);
    }

    public static AccessProfile none() {
        return new AccessProfile(Map.of(), Set.of());
    }

    public static AccessProfile load(Path file) {
        if (!Files.exists(file)) {
            return none();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read access profile " + file + ": " + e.getMessage(), e);
        }
        Map<String, Set<String>> emts = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.equals(ADMINISTRATORS)) {
                emts.put(canonical(key), identities(properties.getProperty(key)));
            }
        }
        return new AccessProfile(emts, identities(properties.getProperty(ADMINISTRATORS, "")));
    }

    public boolean allows(String emt, String meterId) {
        return meterIdsByEmt.getOrDefault(canonical(emt), Set.of()).contains(canonical(meterId));
    }

    /** Whether {@code subject} is listed as an administrator of this gateway. */
    public boolean administers(String subject) {
        return administrators.contains(canonical(subject));
    }

    private static Set<String> identities(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(AccessProfile::canonical).collect(Collectors.toUnmodifiableSet());
    }

    private static String canonical(String identity) {
        return SubjectId.parse(identity).canonical().orElseThrow();
    }
}
