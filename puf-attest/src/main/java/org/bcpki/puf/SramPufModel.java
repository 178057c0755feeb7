package org.bcpki.puf;

/**
 * Physical parameters of a simulated SRAM PUF.
 *
 * @param bias probability that a cell powers up as 1 (0.5 is ideal; real SRAM is often 0.4..0.7)
 * @param ber probability that one read flips a cell at the reference temperature, before aging
 * @param temperatureCelsius operating temperature of the read; noise grows away from 25 °C
 * @param ageYears device age at the read (since enrollment); aging permanently flips cells
 */
public record SramPufModel(double bias, double ber, double temperatureCelsius, double ageYears) {
    /** Reference temperature at which {@link #ber} holds. */
    public static final double REFERENCE_TEMPERATURE = 25.0;
    /** Extra flip probability per kelvin away from the reference (+2.5 % at -25 °C and at 75 °C). */
    public static final double NOISE_PER_KELVIN = 0.0005;
    /**
     * Aging: the share of cells whose preferred value has permanently flipped grows by this fraction
     * of {@link #ber} per year. With BER 10 % a read then differs from the enrollment in 0.1 XOR 0.024
     * = 11.9 % of the bits after two years: the ~19 % more flips reported for SRAM PUFs.
     */
    public static final double AGING_PER_YEAR = 0.12;

    public SramPufModel {
        requireProbability("bias", bias);
        requireProbability("ber", ber);
        if (ber > 0.5) {
            throw new IllegalArgumentException("a bit error rate above 0.5 is not a PUF, got " + ber);
        }
        if (!(temperatureCelsius >= -60 && temperatureCelsius <= 150)) {
            throw new IllegalArgumentException("temperature must be in -60..150 °C, got " + temperatureCelsius);
        }
        if (!(ageYears >= 0 && ageYears <= 50)) {
            throw new IllegalArgumentException("age must be in 0..50 years, got " + ageYears);
        }
    }

    /** An unbiased PUF read at 25 °C when new. */
    public static SramPufModel nominal(double ber) {
        return new SramPufModel(0.5, ber, REFERENCE_TEMPERATURE, 0);
    }

    /** The same device at enrollment conditions: reference temperature, no aging. */
    public SramPufModel atEnrollment() {
        return new SramPufModel(bias, ber, REFERENCE_TEMPERATURE, 0);
    }

    public SramPufModel at(double temperature, double years) {
        return new SramPufModel(bias, ber, temperature, years);
    }

    /** Per-read flip probability at this model's temperature (relative to the aged cells). */
    public double readNoise() {
        return Math.min(0.5, ber + NOISE_PER_KELVIN * Math.abs(temperatureCelsius - REFERENCE_TEMPERATURE));
    }

    /** Probability that aging has permanently flipped a cell's preferred power-up value. */
    public double agingDrift() {
        return Math.min(0.5, ber * AGING_PER_YEAR * ageYears);
    }

    private static void requireProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in 0..1, got " + p);
        }
    }
}
