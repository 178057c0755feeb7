package org.bcpki.gateway.wan;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.bcpki.core.identity.SubjectId;

/**
 * Which EMT may read which meter: a properties file, one line per EMT identity with its meter IDs,
 * e.g. {@code stadtwerke-nord.emt = 1ESY1160000000, 1ESY1160000001}. Anything not listed is refused.
 */
public record AccessProfile(Map<String, Set<String>> meterIdsByEmt) {
    public static final String FILE_NAME = "access-profile.properties";

    public AccessProfile {
        meterIdsByEmt = Map.copyOf(meterIdsByEmt);
    }

    public static AccessProfile none() {
        return new AccessProfile(Map.of());
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
        Map<String, Set<String>> profile = properties.stringPropertyNames().stream().collect(Collectors.toMap(
                emt -> canonical(emt),
                emt -> Arrays.stream(properties.getProperty(emt).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .map(AccessProfile::canonical).collect(Collectors.toUnmodifiableSet())));
        return new AccessProfile(profile);
    }

    public boolean allows(String emt, String meterId) {
        return meterIdsByEmt.getOrDefault(canonical(emt), Set.of()).contains(canonical(meterId));
    }

    private static String canonical(String identity) {
        return SubjectId.parse(identity).canonical().orElseThrow();
    }
}
