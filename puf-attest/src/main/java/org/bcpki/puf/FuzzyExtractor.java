package org.bcpki.puf;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.bcpki.puf.ecc.ConcatenatedCode;

/**
 * Code-offset fuzzy extractor. Enrollment picks a uniformly random secret, publishes
 * {@code helper = response XOR encode(secret)} and keeps nothing secret; reconstruction decodes
 * {@code fresh read XOR helper} back to the secret, derives the device seed (binding the helper
 * data's hash) and accepts it only when it reproduces the enrolled key check.
 */
public final class FuzzyExtractor {
    private static final Map<CodeParameters, FuzzyExtractor> CACHE = new ConcurrentHashMap<>();

    private final CodeParameters parameters;
    private final ConcatenatedCode code;

    private FuzzyExtractor(CodeParameters parameters) {
        this.parameters = parameters;
        this.code = parameters.code();
    }

    public static FuzzyExtractor of(CodeParameters parameters) {
        return CACHE.computeIfAbsent(parameters, FuzzyExtractor::new);
    }

    public static FuzzyExtractor standard() {
        return of(CodeParameters.DEFAULT);
    }

    public CodeParameters parameters() {
        return parameters;
    }

    public ConcatenatedCode code() {
        return code;
    }

    /** PUF response bits consumed (= helper data bits). */
    public int responseBits() {
        return code.codeBits();
    }

    /** Secret bits per enrollment (the residual entropy is at most this; see README). */
    public int secretBits() {
        return code.messageBits();
    }

    /** Enrolls a response; {@code random} supplies the secret (a SecureRandom outside simulations). */
    public Enrolled enroll(BitVector response, RandomGenerator random) {
        requireResponseLength(response);
        BitVector secret = BitVector.zeros(code.messageBits());
        for (int i = 0; i < secret.length(); i++) {
            secret.set(i, random.nextBoolean());
        }
        HelperData helper = new HelperData(parameters, response.xor(code.encode(secret)));
        byte[] seed = KeyDerivation.deviceSeed(secret.toBytes(), helper.hash());
        return new Enrolled(helper, seed, KeyDerivation.keyCheck(seed));
    }

    /**
     * Reconstructs the enrolled device seed from a fresh read.
     *
     * @throws PufException HELPER_DATA_INVALID for helper data of another code, RECONSTRUCTION_FAILED
     *     when the read cannot be corrected to the key that produced {@code keyCheck}
     */
    public byte[] reconstruct(BitVector response, HelperData helper, byte[] keyCheck) {
        if (!helper.parameters().equals(parameters)) {
            throw new PufException(PufException.Kind.HELPER_DATA_INVALID,
                    "helper data is for " + helper.parameters() + ", this extractor uses " + parameters);
        }
        requireResponseLength(response);
        if (keyCheck == null || keyCheck.length != KeyDerivation.SEED_LENGTH) {
            throw new PufException(PufException.Kind.HELPER_DATA_INVALID, "the key check value must be 32 bytes");
        }
        ConcatenatedCode.Result decoded = code.decode(response.xor(helper.offset()));
        if (!decoded.ok()) {
            throw new PufException(PufException.Kind.RECONSTRUCTION_FAILED,
                    "PUF read too noisy to correct (" + decoded.failure() + ")");
        }
        byte[] seed = KeyDerivation.deviceSeed(decoded.message().toBytes(), helper.hash());
        if (!KeyDerivation.checkMatches(seed, keyCheck)) {
            throw new PufException(PufException.Kind.RECONSTRUCTION_FAILED,
                    "reconstructed key does not match the enrolled key check"
                            + " (read too noisy, another device, or altered helper data)");
        }
        return seed;
    }

    private void requireResponseLength(BitVector response) {
        if (response.length() != responseBits()) {
            throw new IllegalArgumentException(parameters + " needs " + responseBits() + " response bits, got " + response.length());
        }
    }

    /** What enrollment yields: public helper data and key check, and the (secret) device seed. */
    public record Enrolled(HelperData helperData, byte[] deviceSeed, byte[] keyCheck) {}
}
