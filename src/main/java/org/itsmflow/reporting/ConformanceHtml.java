package org.itsmflow.reporting;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.itsmflow.conformance.Carrier;
import org.itsmflow.conformance.ConformanceReport;
import org.itsmflow.conformance.ConformanceReport.Finding;
import org.itsmflow.conformance.ConformanceReport.Row;
import org.itsmflow.conformance.ConformanceReport.Summary;
import org.itsmflow.conformance.Evidence;
import org.springframework.stereotype.Component;

/**
 * The conformance report as one well-formed XHTML page: the browser shows it, and {@code HtmlToPdf} renders the
 * same page as PDF. Summary counts first, then one table per clause; gaps are marked, never left out.
 */
@Component
public class ConformanceHtml {

    /** Shortfalls listed per finding; the rest are counted. */
    static final int MAX_SHORTFALLS = 25;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public String render(ConformanceReport report) {
        StringBuilder h = new StringBuilder(32_000);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head>")
                .append("<meta charset=\"UTF-8\"/><title>ITSM Flow – conformance report</title><style>")
                .append("@page{size:A4 landscape;margin:14mm}")
                .append("body{font-family:sans-serif;font-size:10pt;color:#222}")
                .append("h1{font-size:16pt;margin:0 0 4pt}h2{font-size:12pt;margin:14pt 0 4pt}")
                .append("table{border-collapse:collapse;width:100%}")
                .append("th,td{border:1px solid #bbb;padding:3pt 5pt;text-align:left;vertical-align:top;word-wrap:break-word}")
                .append("th{background:#eee}td.id{white-space:nowrap;font-weight:bold}table.rows{table-layout:fixed}")
                .append(".nb{white-space:nowrap}")
                .append(".MET{background:#e3f4e3}.NOT_MET{background:#fbe0e0}.NO_ACTIVITY{background:#f2f2f2}")
                .append(".gap{background:#fff0c8}.small{font-size:8.5pt;color:#555}ul{margin:0;padding-left:12pt}")
                .append("</style></head><body>");
        h.append("<h1>ISO/IEC 20000-1 conformance report</h1>");
        h.append("<p>Period ").append(TIME.format(report.period().from())).append(" to ")
                .append(TIME.format(report.period().to())).append(" (end exclusive). Generated ")
                .append(TIME.format(report.generatedAt()))
                .append(" from the deployed BPMN and DMN models, the conformance checks and the live records.</p>");
        summary(h, report.summary());
        Map<String, List<Row>> byClause = new LinkedHashMap<>();
        report.rows().forEach(row -> byClause.computeIfAbsent(row.requirement().clause(), c -> new java.util.ArrayList<>())
                .add(row));
        byClause.forEach((clause, rows) -> {
            h.append("<h2>").append(esc(clause)).append("</h2><table class=\"rows\"><thead><tr>")
                    .append("<th style=\"width:7%\">Id</th><th style=\"width:25%\">Requirement</th>")
                    .append("<th style=\"width:11%\">Status</th><th style=\"width:24%\">Carried by</th>")
                    .append("<th style=\"width:33%\">Evidence for the period</th></tr></thead><tbody>");
            rows.forEach(row -> row(h, row));
            h.append("</tbody></table>");
        });
        if (!report.unknownIds().isEmpty()) {
            h.append("<h2>Ids named in models or checks but not in the catalogue</h2><p>")
                    .append(esc(String.join(", ", report.unknownIds()))).append("</p>");
        }
        h.append("</body></html>");
        return h.toString();
    }

    private static void summary(StringBuilder h, Summary s) {
        h.append("<table style=\"width:auto\"><tbody>")
                .append(line("Requirements in the catalogue", s.requirements()))
                .append(line("Carried, with evidence", s.evidenced()))
                .append(line("- met", s.met()))
                .append(line("- not met", s.notMet()))
                .append(line("- no activity in the period", s.noActivity()))
                .append(line("Gaps: carried, no evidence", s.carriedNoEvidence()))
                .append(line("Gaps: not carried", s.notCarried()))
                .append("</tbody></table>");
    }

    private static String line(String label, int value) {
        return "<tr><th>" + esc(label) + "</th><td>" + value + "</td></tr>";
    }

    private static void row(StringBuilder h, Row row) {
        String css = row.status().gap() ? "gap" : row.verdict().name();
        h.append("<tr class=\"").append(css).append("\"><td class=\"id\">").append(esc(row.requirement().id()))
                .append("</td><td>").append(esc(row.requirement().text()))
                .append("<div class=\"small\">expected: ").append(esc(row.requirement().expectedCarrier()))
                .append("</div></td><td>");
        if (row.status().gap()) {
            h.append("GAP: ").append(esc(row.status().label()));
        } else {
            h.append(esc(verdictLabel(row.verdict())));
        }
        h.append("</td><td>").append(carriers(row.carriers())).append("</td><td>");
        if (row.findings().isEmpty()) {
            h.append(row.carriers().isEmpty() ? "nothing carries this requirement"
                    : "no check measures this requirement yet");
        }
        for (Finding finding : row.findings()) {
            Evidence e = finding.evidence();
            h.append("<div>").append(esc(e.figure()));
            if (!e.shortfalls().isEmpty()) {
                List<String> shown = e.shortfalls().subList(0, Math.min(MAX_SHORTFALLS, e.shortfalls().size()));
                h.append("<br/>missing: ");
                for (int i = 0; i < shown.size(); i++) {
                    String item = shown.get(i);
                    int space = item.indexOf(' ');
                    String head = space < 0 ? item : item.substring(0, space);
                    h.append(i == 0 ? "" : ", ").append("<span class=\"nb\">").append(esc(head)).append("</span>")
                            .append(space < 0 ? "" : esc(item.substring(space)));
                }
                if (e.shortfalls().size() > shown.size()) {
                    h.append(" and ").append(e.shortfalls().size() - shown.size()).append(" more");
                }
            }
            h.append("<div class=\"small\">").append(esc(finding.check())).append("</div></div>");
        }
        h.append("</td></tr>");
    }

    /** Models once each, with the elements whose documentation names the id. */
    private static String carriers(List<Carrier> carriers) {
        if (carriers.isEmpty()) {
            return "–";
        }
        Map<String, List<String>> byModel = carriers.stream().collect(Collectors.groupingBy(
                c -> c.kind() + " " + c.model(), LinkedHashMap::new,
                Collectors.mapping(Carrier::elementId, Collectors.toList())));
        StringBuilder s = new StringBuilder("<ul>");
        byModel.forEach((model, elements) -> {
            List<String> named = elements.stream().filter(e -> e != null).toList();
            s.append("<li>").append(esc(model));
            if (!named.isEmpty()) {
                s.append("<div class=\"small\">").append(esc(String.join(", ", named))).append("</div>");
            }
            s.append("</li>");
        });
        return s.append("</ul>").toString();
    }

    private static String verdictLabel(Evidence.Verdict verdict) {
        return switch (verdict) {
            case MET -> "met";
            case NOT_MET -> "NOT MET";
            case NO_ACTIVITY -> "no activity in the period";
        };
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }
}
