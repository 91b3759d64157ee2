package dev.diffsearch.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** The report's plots, drawn by JFreeChart, written as SVG (JFreeSVG) for the page and PNG for documents. */
final class Charts {

  static final int WIDTH = 640;
  static final int HEIGHT = 400;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

  private Charts() {}

  /** A metric against compute per output (log x), one series per line, error bars of ±1 std over seeds. */
  static JFreeChart scaling(String title, String metric, List<Curves.Line> lines, Curves.Compute compute) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    for (Curves.Line line : lines) {
      YIntervalSeries s = new YIntervalSeries(line.name(), false, true);
      for (Curves.Point p : line.points()) {
        s.add(p.x(), p.mean(), p.mean() - p.std(), p.mean() + p.std());
      }
      data.addSeries(s);
    }
    LogAxis x = new LogAxis(compute.label);
    x.setBase(2);
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (Curves.Line line : lines) {
      for (Curves.Point p : line.points()) {
        lo = Math.min(lo, p.x());
        hi = Math.max(hi, p.x());
      }
    }
    x.setSmallestValue(hi > 0 ? Math.min(1, lo / 2) : 1);
    double octaves = hi > lo ? Math.log(hi / lo) / Math.log(2) : 0;
    x.setTickUnit(new NumberTickUnit(octaves >= 3 ? 1 : octaves >= 1 ? 0.5 : 0.125)); // in powers of 2
    x.setNumberFormatOverride(new DecimalFormat(compute == Curves.Compute.GMAC ? "0.##" : "0"));
    NumberAxis y = new NumberAxis(metric);
    y.setAutoRangeIncludesZero(false);
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDefaultLinesVisible(true);
    renderer.setDrawXError(false);
    renderer.setErrorPaint(Color.GRAY);
    style(renderer, lines.size());
    return chart(title, new XYPlot(data, x, y, renderer));
  }

  /** {@code y} against {@code x} per condition, one series per line, Pearson's r of each line in its legend. */
  static JFreeChart scatter(String title, String xLabel, String yLabel, List<String> names, List<double[][]> points) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (int i = 0; i < names.size(); i++) {
      double[][] xy = points.get(i);
      double r = Curves.pearson(xy[0], xy[1]);
      XYSeries s = new XYSeries(names.get(i) + (Double.isNaN(r) ? "" : String.format(" (r = %.2f)", r)), false, true);
      for (int j = 0; j < xy[0].length; j++) {
        s.add(xy[0][j], xy[1][j]);
      }
      data.addSeries(s);
    }
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    style(renderer, names.size());
    return chart(title, new XYPlot(data, x, y, renderer));
  }

  /** Histograms of {@code series} (name → values), overlaid. */
  static JFreeChart histogram(String title, String xLabel, List<String> names, List<double[]> values) {
    HistogramDataset data = new HistogramDataset();
    for (int i = 0; i < names.size(); i++) {
      if (values.get(i).length > 0) {
        data.addSeries(names.get(i), values.get(i), 30);
      }
    }
    XYBarRenderer renderer = new XYBarRenderer();
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(false);
    renderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
    for (int i = 0; i < names.size(); i++) {
      Color c = PALETTE[i % PALETTE.length];
      renderer.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
    }
    return chart(title, new XYPlot(data, new NumberAxis(xLabel), new NumberAxis("count"), renderer));
  }

  /** The chart as an SVG element (no XML prolog), to put inline in HTML. */
  static String svg(JFreeChart chart) {
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    return g.getSVGElement();
  }

  /** The chart as PNG bytes. */
  static byte[] png(JFreeChart chart) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    return out.toByteArray();
  }

  private static void style(XYLineAndShapeRenderer renderer, int series) {
    for (int i = 0; i < series; i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesShapesVisible(i, true);
    }
  }

  private static JFreeChart chart(String title, XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.addSubtitle(new TextTitle(title, new Font("SansSerif", Font.BOLD, 14)));
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    return chart;
  }
}
