package org.itsmflow.reporting;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.reporting.ConformanceHtml;
import org.itsmflow.conformance.ConformanceReport;
import org.itsmflow.conformance.ConformanceReporter;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ISO/IEC 20000-1 conformance report (R-3.2: the models are the documented procedures, their history the
 * records): every requirement of the catalogue with what carries it and the live evidence for the period, gaps
 * listed. Read by auditors, service owners, the other managers and administrators.
 */
@RestController
@RequestMapping("/api/conformance")
@Tag(name = "Conformance", description = "ISO/IEC 20000-1 conformance report: carriers and live evidence per requirement")
@PreAuthorize("hasAnyAuthority('auditors', 'serviceowners', 'majorincident', 'customerrelations', 'changemanagers', "
        + "'releasemanagers', 'camunda-admin')")
class ConformanceController {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final MediaType PDF = MediaType.APPLICATION_PDF;

    private final ConformanceReporter reporter;
    private final ConformanceHtml html;
    private final HtmlToPdf pdf;

    ConformanceController(ConformanceReporter reporter, ConformanceHtml html, HtmlToPdf pdf) {
        this.reporter = reporter;
        this.html = html;
        this.pdf = pdf;
    }

    @GetMapping(produces = {MediaType.TEXT_HTML_VALUE, MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "The conformance report for a period, as HTML, PDF or JSON",
            description = "For every requirement id of the standard that the software carries: the BPMN/DMN models "
                    + "and code that carry it and a live evidence figure from the engine history and the records; "
                    + "requirements without carrier or evidence are listed as gaps. The format follows `format`, "
                    + "else the Accept header (browsers get HTML).")
    @ApiResponse(responseCode = "200", description = "the report")
    @ApiResponse(responseCode = "400", description = "`from`, `to` or `format` is not valid")
    @ApiResponse(responseCode = "403", description = "only auditors, managers and administrators read it")
    ResponseEntity<?> report(
            @Parameter(description = "start, a date (2026-11-01, UTC) or an instant; default: 30 days before `to`")
            @RequestParam(required = false) String from,
            @Parameter(description = "end (exclusive for an instant, inclusive for a date); default: now")
            @RequestParam(required = false) String to,
            @Parameter(description = "html, pdf or json; default from the Accept header")
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String chosen = format(format, accept);
        Instant end = to == null || to.isBlank() ? ClockUtil.getCurrentTime().toInstant() : parse("to", to, true);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_PERIOD) : parse("from", from, false);
        ConformanceReport report = reporter.report(new ReportPeriod(start, end));
        return switch (chosen) {
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
            case "pdf" -> ResponseEntity.ok().contentType(PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                            .filename("conformance-" + start.toString().substring(0, 10) + ".pdf").build().toString())
                    .body(pdf.render(pdfSafe(html.render(report))));
            default -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .body(html.render(report));
        };
    }

    private static String format(String format, String accept) {
        if (format != null && !format.isBlank()) {
            String f = format.trim().toLowerCase(Locale.ROOT);
            if (!List.of("html", "pdf", "json").contains(f)) {
                throw new InvalidFieldException("format", "must be html, pdf or json");
            }
            return f;
        }
        if (accept == null || accept.isBlank()) {
            return "html";
        }
        List<MediaType> types = MediaType.parseMediaTypes(accept);
        for (MediaType type : types) {
            if (type.isCompatibleWith(MediaType.TEXT_HTML)) {
                return "html";
            }
            if (type.isCompatibleWith(PDF) && !type.isWildcardType()) {
                return "pdf";
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                return "json";
            }
        }
        return "html";
    }

    private static Instant parse(String field, String value, boolean endOfDay) {
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, "must be a date (2026-11-01) or an instant (2026-11-01T00:00:00Z)");
        }
    }

    /** The PDF's built-in fonts know Latin-1 only: typographic characters become their plain equivalents. */
    static String pdfSafe(String xhtml) {
        return xhtml.replace("→", "-&gt;").replace("–", "-").replace("—", "-").replace("…", "...")
                .replace("’", "'").replace("“", "\"").replace("”", "\"").replace("≥", "&gt;=").replace("≤", "&lt;=");
    }
}
