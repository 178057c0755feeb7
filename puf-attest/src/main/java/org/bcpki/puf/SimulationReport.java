package org.bcpki.puf;

/**
 * The outcome of a {@link PufSimulation}. Distances are fractional Hamming distances: intra between a
 * reconstruction read and its device's enrollment response, inter between two devices' enrollment
 * responses. {@code wrongKeys} counts reconstructions that returned a seed other than the enrolled
 * one (the design's promise is that this is always 0; failures are reported instead).
 */
public record SimulationReport(
        int devices, double ber, long trials, long failures, double failureRate,
        int helperDataBits, int secretBits, int uniqueKeys, double meanIntraDistance, double meanInterDistance,
        double analyticFailureRate, double effectiveBer, double residualEntropyBits, double bias,
        long wrongKeys, String construction, int threads, long elapsedMs) {}
