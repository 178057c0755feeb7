package org.bcpki.eval.scale;

import java.util.function.DoubleUnaryOperator;

/**
 * y = a + b·f(x) fitted by ordinary least squares, with the error of the fit on the points it was fitted to:
 * the RMS of the residuals (in y's unit) and the largest residual relative to the measured y.
 * {@code model} names f: "log16" (proof bytes grow with the depth of a hexary trie) or "linear".
 */
public record LeastSquaresFit(String model, double a, double b, double rmsError, double maxRelativeResidual,
                              int points) {

    public static final String LOG16 = "log16";
    public static final String LINEAR = "linear";

    /** y = a + b·log16(x), for x > 0. */
    public static LeastSquaresFit log16(double[] x, double[] y) {
        for (double value : x) {
            if (!(value > 0)) {
                throw new IllegalArgumentException("log16 fit needs positive x, got " + value);
            }
        }
        return fit(LOG16, x, y);
    }

    /** y = a + b·x. */
    public static LeastSquaresFit linear(double[] x, double[] y) {
        return fit(LINEAR, x, y);
    }

    public double predict(double x) {
        return a + b * transform(model).applyAsDouble(x);
    }

    private static LeastSquaresFit fit(String model, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        DoubleUnaryOperator f = transform(model);
        double[] t = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            t[i] = f.applyAsDouble(x[i]);
        }
        double meanT = 0;
        double meanY = 0;
        for (int i = 0; i < t.length; i++) {
            meanT += t[i] / t.length;
            meanY += y[i] / t.length;
        }
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < t.length; i++) {
            covariance += (t[i] - meanT) * (y[i] - meanY);
            variance += (t[i] - meanT) * (t[i] - meanT);
        }
        if (t.length < 2 || variance == 0) {
            throw new IllegalArgumentException("a fit needs at least two distinct x values, got " + x.length + " points");
        }
        double b = covariance / variance;
        double a = meanY - b * meanT;
        double squares = 0;
        double maxRelative = 0;
        for (int i = 0; i < t.length; i++) {
            double residual = y[i] - (a + b * t[i]);
            squares += residual * residual;
            if (y[i] != 0) {
                maxRelative = Math.max(maxRelative, Math.abs(residual / y[i]));
            }
        }
        return new LeastSquaresFit(model, a, b, Math.sqrt(squares / t.length), maxRelative, t.length);
    }

    private static DoubleUnaryOperator transform(String model) {
        return switch (model) {
            case LOG16 -> x -> Math.log(x) / Math.log(16);
            case LINEAR -> x -> x;
            default -> throw new IllegalArgumentException("unknown fit model " + model);
        };
    }
}
