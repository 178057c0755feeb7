package org.bcpki.puf;

/**
 * A Monte-Carlo run: {@code devices} simulated devices (named {@code seed + "/" + index}) are enrolled,
 * then {@code trials} noisy reconstructions are spread evenly over them.
 */
public record SimulationConfig(int devices, double ber, long trials, String seed, double bias,
                               double temperatureCelsius, double ageYears, int enrollmentReads,
                               CodeParameters code, int threads) {
    public SimulationConfig {
        if (devices < 1 || devices > 100_000) {
            throw new IllegalArgumentException("devices must be in 1..100000, got " + devices);
        }
        if (trials < 0) {
            throw new IllegalArgumentException("trials must not be negative, got " + trials);
        }
        if (enrollmentReads < 1 || enrollmentReads % 2 == 0) {
            throw new IllegalArgumentException("enrollment reads must be odd and positive, got " + enrollmentReads);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        if (seed == null || seed.isEmpty()) {
            throw new IllegalArgumentException("a seed must not be empty");
        }
        new SramPufModel(bias, ber, temperatureCelsius, ageYears); // validates the physical parameters
    }

    public static SimulationConfig of(int devices, double ber, long trials, String seed) {
        return new SimulationConfig(devices, ber, trials, seed, 0.5, SramPufModel.REFERENCE_TEMPERATURE, 0,
                PufDevice.DEFAULT_ENROLLMENT_READS, CodeParameters.DEFAULT,
                Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public SramPufModel model() {
        return new SramPufModel(bias, ber, temperatureCelsius, ageYears);
    }
}
