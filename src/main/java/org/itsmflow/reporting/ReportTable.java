package org.itsmflow.reporting;

import java.util.ArrayList;
import java.util.List;

/**
 * One table of a service report: shown in the HTML and PDF, and downloadable as CSV by its {@link #name()}
 * ({@code /api/reports/services/{serviceId}/{name}.csv}).
 */
public record ReportTable(String name, String title, List<String> columns, List<List<String>> rows) {

    public ReportTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> r.stream().map(c -> c == null ? "" : c).toList()).toList();
    }

    /** The value of {@code column} in the first row whose first cell is {@code key}, or null. */
    public String cell(String key, String column) {
        int c = columns.indexOf(column);
        return rows.stream().filter(r -> r.get(0).equals(key)).map(r -> r.get(c)).findFirst().orElse(null);
    }

    /** The rows whose first cells are {@code keys}, joined by "|" per row (tests and CSV readers). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(String.join("|", r)));
        return out;
    }

    /** RFC 4180 CSV with a header row; cells with a comma, quote or line break are quoted. */
    public String csv() {
        StringBuilder sb = new StringBuilder();
        line(sb, columns);
        rows.forEach(r -> line(sb, r));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        sb.append("\r\n");
    }
}
