package org.itsmflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rendering without the application: XHTML with inline SVG charts, the same page as PDF, CSV quoting. */
class ReportRenderingTest {

    static ServiceReport sample() {
        ReportChart chart = new ReportChart("attainment", "SLA attainment per priority", "BAR", "% met",
                List.of("P1", "P2", "P3", "P4"), Map.of("Response attainment %", java.util.Arrays.asList(50.0, 100.0,
                        null, 75.0)));
        ReportTable table = new ReportTable("breaches", "SLA breaches with their cause",
                List.of("Record", "Cause"), List.of(List.of("INC-000001", "Vendor fix late, \"again\" & <twice>")));
        return new ServiceReport(null, "Service report: Corporate e-mail, 2026-10", "email", "Corporate e-mail",
                Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T06:00:00Z"), "Purpose text", "Audience text", List.of("sla_clock"),
                List.of(new ReportSection("sla", "Performance against SLA targets", "1 of 2 met.", List.of(chart),
                        List.of(table))));
    }

    @Test
    @DisplayName("R-6.2 the same XHTML page, charts included, renders as a readable PDF")
    void rendersPdf() throws Exception {
        String xhtml = new ReportHtml(new ReportCharts()).render(sample(), "/api/reports/services/email");
        assertThat(xhtml).contains("<svg").contains("viewBox='0.0 0.0 640.0 260.0'")
                .contains("Vendor fix late, &quot;again&quot; &amp; &lt;twice&gt;");
        byte[] pdf = new HtmlToPdf().render(xhtml);
        String dump = System.getProperty("report.dump");
        if (dump != null) {
            Files.write(Path.of(dump), pdf);
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Service report: Corporate e-mail, 2026-10").contains("Purpose text")
                    .contains("Vendor fix late");
        }
    }

    @Test
    @DisplayName("R-6.2 CSV per table: header row, RFC 4180 quoting")
    void csv() {
        assertThat(sample().table("breaches").orElseThrow().csv())
                .isEqualTo("Record,Cause\r\nINC-000001,\"Vendor fix late, \"\"again\"\" & <twice>\"\r\n");
    }
}
