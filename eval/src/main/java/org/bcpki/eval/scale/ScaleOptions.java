package org.bcpki.eval.scale;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bcpki eval scale} measures: registry sizes N, gateway (light client) counts G and
 * revoked percentages. {@code quick} keeps sizes up to 10^4, a few gateways and short windows.
 */
public record ScaleOptions(List<Long> sizes, List<Integer> gateways, List<Double> revokedPercents, boolean quick) {
    public static final String DEFAULT_SIZES = "1e3,1e4,1e5,1e6";
    public static final String DEFAULT_GATEWAYS = "1,10,100,1000";
    public static final String DEFAULT_REVOKED = "0.1,1,5";
    /** The largest N --quick keeps, and the gateway counts it keeps at most. */
    static final long QUICK_MAX_SIZE = 10_000;
    static final int QUICK_MAX_GATEWAYS = 10;

    public ScaleOptions {
        sizes = List.copyOf(sizes);
        gateways = List.copyOf(gateways);
        revokedPercents = List.copyOf(revokedPercents);
        if (sizes.isEmpty() || gateways.isEmpty() || revokedPercents.isEmpty()) {
            throw new IllegalArgumentException("sizes, gateways and revoked percentages must not be empty");
        }
    }

    /** Parses the three option values (null: the default); IllegalArgumentException names the bad value. */
    public static ScaleOptions parse(String sizes, String gateways, String revoked, boolean quick) {
        List<Long> n = new ArrayList<>();
        for (String s : split("--sizes", sizes == null ? DEFAULT_SIZES : sizes)) {
            long value = wholeNumber("--sizes", s);
            if (value < 1) {
                throw new IllegalArgumentException("--sizes: " + s + " is not a registry size (must be at least 1)");
            }
            n.add(value);
        }
        List<Integer> g = new ArrayList<>();
        for (String s : split("--gateways", gateways == null ? DEFAULT_GATEWAYS : gateways)) {
            long value = wholeNumber("--gateways", s);
            if (value < 1 || value > 100_000) {
                throw new IllegalArgumentException("--gateways: " + s + " is not a gateway count (1 to 100000)");
            }
            g.add((int) value);
        }
        List<Double> r = new ArrayList<>();
        for (String s : split("--revoked", revoked == null ? DEFAULT_REVOKED : revoked)) {
            double value;
            try {
                value = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--revoked: " + s + " is not a number");
            }
            if (!(value >= 0 && value <= 100)) {
                throw new IllegalArgumentException("--revoked: " + s + " is outside [0, 100] (a percentage)");
            }
            r.add(value);
        }
        List<Long> sortedSizes = n.stream().distinct().sorted().toList();
        List<Integer> sortedGateways = g.stream().distinct().sorted().toList();
        List<Double> sortedRevoked = r.stream().distinct().sorted().toList();
        if (quick) {
            sortedSizes = sortedSizes.stream().filter(v -> v <= QUICK_MAX_SIZE).toList();
            if (sortedSizes.isEmpty()) {
                throw new IllegalArgumentException("--quick measures sizes up to " + QUICK_MAX_SIZE + "; --sizes has none");
            }
            List<Integer> few = sortedGateways.stream().filter(v -> v <= QUICK_MAX_GATEWAYS).toList();
            sortedGateways = few.isEmpty() ? List.of(sortedGateways.get(0)) : few;
            sortedRevoked = List.of(sortedRevoked.get(sortedRevoked.size() / 2));
        }
        return new ScaleOptions(sortedSizes, sortedGateways, sortedRevoked, quick);
    }

    private static List<String> split(String option, String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException(option + ": empty value in '" + value + "'");
            }
            parts.add(trimmed);
        }
        return parts;
    }

    /** 1000, 1e3, 1E6 and 2.5e4 are whole numbers; 1.5 and 1e-3 are not. */
    static long wholeNumber(String option, String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + text + " is not a number (write 1000 or 1e3)");
        }
        try {
            if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException(option + ": " + text + " is too large");
            }
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(option + ": " + text + " is not a whole number");
        }
    }
}
