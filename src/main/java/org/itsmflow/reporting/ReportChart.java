package org.itsmflow.reporting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of one chart of a service report: categories on the x axis, one or more named series. Rendered
 * server-side as SVG ({@link ReportCharts}), so the HTML page and the PDF show the same picture.
 *
 * @param kind BAR or LINE
 */
public record ReportChart(String name, String title, String kind, String valueAxis, List<String> categories,
        Map<String, List<Double>> series) {

    public ReportChart {
        categories = List.copyOf(categories);
        series = new LinkedHashMap<>(series);
    }
}
