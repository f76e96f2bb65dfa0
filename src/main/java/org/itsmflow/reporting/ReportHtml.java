package org.itsmflow.reporting;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Renders a {@link ServiceReport} as one well-formed XHTML page: identity, purpose, audience and data sources first
 * then each section with its SVG charts and tables, each table with a link to its CSV. The same page is
 * turned into the PDF by {@link HtmlToPdf}.
 */
@Component
public class ReportHtml {

    private static final String CSS = """
            body { font-family: sans-serif; font-size: 10pt; color: #222; margin: 24px; }
            h1 { font-size: 17pt; margin-bottom: 4px; }
            h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 22px; }
            h3 { font-size: 11pt; margin-bottom: 4px; }
            table { border-collapse: collapse; margin: 6px 0 10px 0; }
            th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; font-size: 9pt; }
            th { background: #eee; }
            dl.identity dt { font-weight: bold; float: left; width: 110px; clear: left; }
            dl.identity dd { margin-left: 120px; margin-bottom: 3px; }
            .csv { font-size: 8pt; }
            .chart { margin: 6px 0; page-break-inside: avoid; }
            .chart svg { width: 160mm; height: 65mm; }
            section { page-break-inside: auto; }
            @page { size: A4; margin: 14mm; }
            """;

    private final ReportCharts charts;

    public ReportHtml(ReportCharts charts) {
        this.charts = charts;
    }

    /**
     * @param csvBase the address the table CSV links start with, e.g. {@code /api/reports/services/email}; the query
     *        {@code ?from=..&to=..} is appended
     */
    public String render(ServiceReport report, String csvBase) {
        StringBuilder h = new StringBuilder(64_000);
        h.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"UTF-8\"/>")
                .append("<title>").append(esc(report.title())).append("</title><style>").append(CSS)
                .append("</style></head><body>");
        h.append("<h1 id=\"report-title\">").append(esc(report.title())).append("</h1>");
        h.append("<dl class=\"identity\">");
        item(h, "Report", report.reportId() == null ? "generated on request" : report.reportId());
        item(h, "Service", report.serviceId() == null ? "All services" : report.serviceName() + " (" + report.serviceId() + ")");
        item(h, "Period", ServiceReportService.time(report.from()) + " to " + ServiceReportService.time(report.to())
                + " (end exclusive)");
        item(h, "Generated", ServiceReportService.time(report.generatedAt()));
        item(h, "Purpose", report.purpose());
        item(h, "Audience", report.audience());
        h.append("<dt>Data sources</dt><dd><ul>");
        report.dataSources().forEach(s -> h.append("<li>").append(esc(s)).append("</li>"));
        h.append("</ul></dd></dl>");
        String query = "?from=" + report.from() + "&amp;to=" + report.to();
        for (ReportSection s : report.sections()) {
            h.append("<section id=\"section-").append(esc(s.key())).append("\"><h2>").append(esc(s.title()))
                    .append("</h2><p>").append(esc(s.text())).append("</p>");
            for (ReportChart c : s.charts()) {
                if (!c.categories().isEmpty()) {
                    h.append("<div class=\"chart\">").append(charts.svg(c)).append("</div>");
                }
            }
            for (ReportTable t : s.tables()) {
                table(h, t, csvBase + "/" + t.name() + ".csv" + query);
            }
            h.append("</section>");
        }
        h.append("</body></html>");
        return h.toString();
    }

    private static void table(StringBuilder h, ReportTable t, String csv) {
        h.append("<h3>").append(esc(t.title())).append(" <a class=\"csv\" href=\"").append(csv).append("\">CSV</a></h3>");
        if (t.rows().isEmpty()) {
            h.append("<p><em>None in the period.</em></p>");
            return;
        }
        h.append("<table id=\"table-").append(esc(t.name())).append("\"><thead><tr>");
        t.columns().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr></thead><tbody>");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            row.forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
            h.append("</tr>");
        }
        h.append("</tbody></table>");
    }

    private static void item(StringBuilder h, String term, String value) {
        h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
