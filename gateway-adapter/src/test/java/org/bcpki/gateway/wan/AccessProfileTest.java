package org.bcpki.gateway.wan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EMT lines and the administrators' line of the access profile never stand for each other. */
class AccessProfileTest {
    @TempDir
    Path dir;

    @Test
    void administratorsAndEmtsAreSeparate() throws Exception {
        Path file = Files.writeString(dir.resolve(AccessProfile.FILE_NAME), """
                stadtwerke-nord.emt = 1ESY1160000000
                messstellenbetreiber.gwa = 1ESY1160000001
                @administrators = Messstellenbetreiber.GWA, zweiter.gwa
                """);
        AccessProfile profile = AccessProfile.load(file);
        assertTrue(profile.administers("messstellenbetreiber.gwa"), "names are compared in canonical form");
        assertTrue(profile.administers("zweiter.gwa"));
        assertFalse(profile.administers("stadtwerke-nord.emt"), "an EMT line grants no administration");
        assertTrue(profile.allows("stadtwerke-nord.emt", "1ESY1160000000"));
        assertFalse(profile.allows("zweiter.gwa", "1ESY1160000000"), "the administrators' line grants no meter");
        assertFalse(AccessProfile.none().administers("messstellenbetreiber.gwa"));
    }
}
