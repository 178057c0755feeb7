package org.bcpki.eval.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LeastSquaresFitTest {

    @Test
    void log16FitRecoversExactPointsWithZeroError() {
        double[] n = {1e3, 1e4, 1e5, 1e6};
        double[] y = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            y[i] = 1200 + 800 * Math.log(n[i]) / Math.log(16);
        }
        LeastSquaresFit fit = LeastSquaresFit.log16(n, y);
        assertEquals(1200, fit.a(), 1e-6);
        assertEquals(800, fit.b(), 1e-6);
        assertEquals(0, fit.rmsError(), 1e-6);
        assertEquals(0, fit.maxRelativeResidual(), 1e-9);
        assertEquals(4, fit.points());
        // log16(16^6) = 6
        assertEquals(1200 + 800 * 6, fit.predict(Math.pow(16, 6)), 1e-6);
    }

    @Test
    void linearFitRecoversExactPoints() {
        LeastSquaresFit fit = LeastSquaresFit.linear(new double[] {10, 100, 1000}, new double[] {530, 3050, 28250});
        assertEquals(250, fit.a(), 1e-9);
        assertEquals(28, fit.b(), 1e-9);
        assertEquals(0, fit.rmsError(), 1e-9);
    }

    @Test
    void noisyPointsReportTheirResiduals() {
        // y = x except the middle point, 1 too high: the fit is y = 1/3 + x, residuals -1/3, 2/3, -1/3.
        LeastSquaresFit fit = LeastSquaresFit.linear(new double[] {1, 2, 3}, new double[] {1, 3, 3});
        assertEquals(1 / 3.0, fit.a(), 1e-9);
        assertEquals(1, fit.b(), 1e-9);
        assertEquals(Math.sqrt((1 / 9.0 + 4 / 9.0 + 1 / 9.0) / 3), fit.rmsError(), 1e-9);
        assertEquals(1 / 3.0, fit.maxRelativeResidual(), 1e-9);
        assertTrue(fit.rmsError() > 0);
    }

    @Test
    void refusesWhatCannotBeFitted() {
        assertThrows(IllegalArgumentException.class, () -> LeastSquaresFit.linear(new double[] {5, 5}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> LeastSquaresFit.log16(new double[] {0, 10}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> LeastSquaresFit.linear(new double[] {1, 2}, new double[] {1}));
    }
}
