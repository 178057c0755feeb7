package org.bcpki.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG charts of a run's metrics (XChart, headless). */
public final class Charts {
    private Charts() {}

    /** A bar chart of labelled values sharing one unit; returns the file name. */
    public static String bars(Path dir, String fileStem, String title, String unit, Map<String, Double> bars, boolean logScale)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(600).title(title).yAxisTitle(unit).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        List<String> names = new ArrayList<>(bars.keySet());
        List<Double> values = new ArrayList<>();
        for (double value : bars.values()) {
            values.add(logScale ? Math.max(value, 1e-6) : value);
        }
        if (logScale) {
            // Bars grow from the axis minimum, which must be positive on a log axis.
            double smallest = values.stream().mapToDouble(Double::doubleValue).min().orElse(1);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
        }
        chart.addSeries(unit, names, values);
        BitmapEncoder.saveBitmap(chart, dir.resolve(fileStem).toString(), BitmapEncoder.BitmapFormat.PNG);
        return fileStem + ".png";
    }

    /** A line chart of y against x (e.g. PUF failure rate against bit error rate). */
    public static String line(Path dir, String fileStem, String title, String xTitle, String yTitle,
                              double[] x, double[] y, boolean logY) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.addSeries(yTitle, x, y);
        BitmapEncoder.saveBitmap(chart, dir.resolve(fileStem).toString(), BitmapEncoder.BitmapFormat.PNG);
        return fileStem + ".png";
    }

    /** A line chart with several named series, each {x[], y[]} (e.g. closed form and observed points). */
    public static String lines(Path dir, String fileStem, String title, String xTitle, String yTitle,
                               Map<String, double[][]> series, boolean logY) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        series.forEach((name, xy) -> chart.addSeries(name, xy[0], xy[1]));
        BitmapEncoder.saveBitmap(chart, dir.resolve(fileStem).toString(), BitmapEncoder.BitmapFormat.PNG);
        return fileStem + ".png";
    }

    /** Several named series {x[], y[]} on log-log axes (a metric against registry size, bytes against staleness). */
    public static String logLog(Path dir, String fileStem, String title, String xTitle, String yTitle,
                                Map<String, double[][]> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        series.forEach((name, xy) -> chart.addSeries(name, xy[0], xy[1]));
        BitmapEncoder.saveBitmap(chart, dir.resolve(fileStem).toString(), BitmapEncoder.BitmapFormat.PNG);
        return fileStem + ".png";
    }
}
