package org.itsmflow.reporting;

import java.util.List;

/** A section of a service report: a heading, a short text with the headline figures, its charts and tables. */
public record ReportSection(String key, String title, String text, List<ReportChart> charts, List<ReportTable> tables) {

    public ReportSection {
        charts = List.copyOf(charts);
        tables = List.copyOf(tables);
    }
}
