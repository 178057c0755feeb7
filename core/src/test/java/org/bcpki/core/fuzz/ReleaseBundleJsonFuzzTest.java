package org.bcpki.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.core.release.ReleaseMessage;
import org.bcpki.core.release.ReleaseSignature;

/**
 * The release bundle file ({@code bcpki-release-bundle-v1}), as a gateway reads it from anywhere.
 * Properties: bad input is only {@link MalformedDataException}; an accepted bundle writes to bytes
 * that parse to an equal bundle and write again to the same bytes; and it carries only releases and
 * ML-DSA-65 signatures (key and signature bytes) the valid seeds carry: the fuzzer cannot sign, so
 * any other accepted signature would be a verification that let a forgery through. The signer named
 * beside an approval is not signed, so it may differ (crash-c3fbabbe…: relabelled approvals).
 */
class ReleaseBundleJsonFuzzTest {
    private static final String SEEDS = "ReleaseBundleJsonFuzzTestInputs/parsedBundlesReserialiseToAnEqualBundle/";
    private static final List<ReleaseBundle> VALID = List.of(seed("valid-2-approvals"), seed("valid-no-approvals"));
    private static final Set<ReleaseMessage> RELEASES = new HashSet<>();
    private static final Set<Bytes> SIGNATURES = new HashSet<>();

    static {
        for (ReleaseBundle bundle : VALID) {
            RELEASES.add(bundle.release());
            SIGNATURES.add(signed(bundle.manufacturerSignature()));
            bundle.approvals().forEach(approval -> SIGNATURES.add(signed(approval)));
        }
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void parsedBundlesReserialiseToAnEqualBundle(byte[] input) {
        ReleaseBundle bundle;
        try {
            bundle = ReleaseBundleJson.parse(input);
        } catch (MalformedDataException expected) {
            return;
        }
        byte[] written = ReleaseBundleJson.write(bundle);
        ReleaseBundle again = ReleaseBundleJson.parse(written);
        assertEquals(bundle, again);
        assertEquals(bundle.releaseId(), again.releaseId());
        assertArrayEquals(written, ReleaseBundleJson.write(again));
        assertTrue(RELEASES.contains(bundle.release()), "a release no seed signed: " + bundle.release());
        assertTrue(SIGNATURES.contains(signed(bundle.manufacturerSignature())), "a manufacturer signature no seed carries");
        for (ReleaseSignature approval : bundle.approvals()) {
            assertTrue(SIGNATURES.contains(signed(approval)), "an approval signature no seed carries");
        }
    }

    private static Bytes signed(ReleaseSignature signature) {
        return Bytes.concatenate(Bytes.wrap(signature.spki()), Bytes.wrap(signature.signature()));
    }

    private static ReleaseBundle seed(String name) {
        try (InputStream in = ReleaseBundleJsonFuzzTest.class.getResourceAsStream(SEEDS + name)) {
            if (in == null) {
                throw new IllegalStateException("missing seed " + SEEDS + name);
            }
            return ReleaseBundleJson.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
