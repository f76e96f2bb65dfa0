package org.itsmflow.reporting;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.MeetOrSlice;
import org.jfree.svg.PreserveAspectRatio;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import org.springframework.stereotype.Component;

/**
 * Draws a report's charts with JFreeChart into SVG (JFreeSVG), server-side, so the HTML page and the PDF rendered
 * from it show the same picture and no JavaScript is needed (see {@code docs/adr/0007-reports-html-pdf-charts.md}).
 */
@Component
public class ReportCharts {

    static final int WIDTH = 640;
    static final int HEIGHT = 260;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd)};
    private static final AtomicLong IDS = new AtomicLong();

    /** The chart as an {@code <svg>} element (XML, namespace declared), ready to inline into XHTML. */
    public String svg(ReportChart chart) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, List<Double>> series : chart.series().entrySet()) {
            for (int i = 0; i < chart.categories().size(); i++) {
                Double v = i < series.getValue().size() ? series.getValue().get(i) : null;
                data.addValue(v, series.getKey(), chart.categories().get(i));
            }
        }
        JFreeChart jf = "LINE".equals(chart.kind())
                ? ChartFactory.createLineChart(chart.title(), null, chart.valueAxis(), data, PlotOrientation.VERTICAL,
                        true, false, false)
                : ChartFactory.createBarChart(chart.title(), null, chart.valueAxis(), data, PlotOrientation.VERTICAL,
                        true, false, false);
        jf.setBackgroundPaint(Color.WHITE);
        jf.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        CategoryPlot plot = jf.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        if (plot.getRenderer() instanceof BarRenderer bars) {
            bars.setBarPainter(new StandardBarPainter());
            bars.setShadowVisible(false);
            bars.setMaximumBarWidth(0.12);
        }
        if (plot.getRenderer() instanceof LineAndShapeRenderer lines) {
            lines.setDefaultShapesVisible(true);
        }
        for (int i = 0; i < chart.series().size(); i++) {
            plot.getRenderer().setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        g2.setDefsKeyPrefix("c" + IDS.incrementAndGet() + "_");
        jf.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
        // a viewBox lets the page scale the chart to its column (the PDF's A4 text width is narrower than 640 px)
        return g2.getSVGElement("chart-" + chart.name(), true, new ViewBox(0, 0, WIDTH, HEIGHT),
                PreserveAspectRatio.XMID_YMID, MeetOrSlice.MEET);
    }
}
