package org.itsmflow.reporting;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.servicelevel.PeriodParams;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Service reports as an HTML page with charts, as PDF, as JSON, and each table as CSV; trend analyses as
 * JSON; the reports the monthly process stored with their review. Readers: service owners, the process managers
 * (change, release, major incident, customer relations), auditors and administrators; everybody else gets 403.
 */
@RestController
@RequestMapping("/api/reports")
@Tag(name = "Service reports", description = "Service reports per service and period: SLA performance, availability, "
        + "non-conformances, workload, major events, trends, satisfaction, improvements (ISO/IEC 20000-1 6.2, 6.3, 4.4)")
@PreAuthorize(ServiceReportController.READERS)
class ServiceReportController {

    static final String READERS = "hasAnyAuthority('serviceowners', 'changemanagers', 'releasemanagers', "
            + "'majorincident', 'customerrelations', 'auditors', 'camunda-admin')";
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final ServiceReportService reports;
    private final ServiceReportRecords records;
    private final ServiceReporting reporting;
    private final ReportHtml html;
    private final HtmlToPdf pdf;

    ServiceReportController(ServiceReportService reports, ServiceReportRecords records, ServiceReporting reporting,
            ReportHtml html, HtmlToPdf pdf) {
        this.reporting = reporting;
        this.reports = reports;
        this.records = records;
        this.html = html;
        this.pdf = pdf;
    }

    @GetMapping("/services")
    @Operation(summary = "The report of all services for a period (HTML, PDF or JSON)",
            description = "As /api/reports/services/{serviceId} with serviceId 'all'.")
    ResponseEntity<?> allServices(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "6") int periods,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return report(ServiceReportService.ALL, from, to, periods, format, accept);
    }

    @GetMapping("/services/{serviceId}")
    @Operation(summary = "The report of one service for a period (HTML, PDF or JSON)",
            description = "from/to: a date (2026-10-01) or ISO date-time, to exclusive; without both, the last full "
                    + "month (UTC). periods: how many periods the trends cover (1-24, default 6). The format is chosen "
                    + "by ?format=html|pdf|json or else by the Accept header (text/html, application/pdf, "
                    + "application/json); HTML by default. serviceId 'all' gives the report of all services.")
    @ApiResponse(responseCode = "400", description = "from, to, periods or format is wrong (the field is named)")
    @ApiResponse(responseCode = "403", description = "the caller's groups may not read reports")
    @ApiResponse(responseCode = "404", description = "no service has this id")
    ResponseEntity<?> report(@Parameter(description = "service id, e.g. email; or all") @PathVariable String serviceId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "6") int periods, @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String kind = format(format, accept);
        Instant[] period = PeriodParams.parse(from, to, now());
        ServiceReport report = reports.report(serviceId, period[0], period[1], periods, null);
        String base = "/api/reports/services/" + serviceId;
        String file = "service-report-" + serviceId + "-" + ServiceReportService.periodLabel(period[0], period[1])
                .replace(' ', '_');
        return switch (kind) {
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
            case "pdf" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(file + ".pdf").build()
                            .toString())
                    .body(pdf.render(html.render(report, base)));
            default -> ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                    .body(html.render(report, base));
        };
    }

    @GetMapping("/services/{serviceId}/{table}.csv")
    @Operation(summary = "One table of a service report as CSV",
            description = "Tables: attainment, availability, outages, breaches, security-incidents, workload, "
                    + "workload-groups, major-incidents, major-changes, trends, change-analysis, problems, "
                    + "security-analysis, satisfaction, improvements, releases.")
    @ApiResponse(responseCode = "404", description = "no service or no table of that name")
    ResponseEntity<String> csv(@PathVariable String serviceId, @PathVariable String table,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "6") int periods) {
        Instant[] period = PeriodParams.parse(from, to, now());
        ServiceReport report = reports.report(serviceId, period[0], period[1], periods, null);
        ReportTable t = report.table(table).orElseThrow(() -> new NotFoundException("Report table", table));
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(serviceId + "-" + table + ".csv").build().toString())
                .body(t.csv());
    }

    @GetMapping("/trends")
    @Operation(summary = "Trend analyses per month (R-9.2h, R-8.3e, R-10.1i, R-6.6b)",
            description = "Incidents, changes, failed changes, complaints, SLA breaches and attainment per month for "
                    + "the last 'periods' full months (default 6); serviceId absent or 'all' for every service.")
    ReportTable trends(@RequestParam(required = false) String serviceId, @RequestParam(defaultValue = "6") int periods) {
        YearMonth last = YearMonth.from(now().atOffset(ZoneOffset.UTC)).minusMonths(1);
        Instant from = last.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = last.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return reports.trends(serviceId == null || serviceId.isBlank() ? ServiceReportService.ALL : serviceId, from, to,
                periods);
    }

    @GetMapping("/records/{id}")
    @Operation(summary = "A report generated by the monthly process, with the service owner's decisions (R-6.2)")
    @ApiResponse(responseCode = "404", description = "no stored report has this id")
    StoredReport stored(@PathVariable String id) {
        return records.require(id);
    }

    @org.springframework.web.bind.annotation.PostMapping("/runs")
    @PreAuthorize("hasAnyAuthority('serviceowners', 'camunda-admin')")
    @Operation(summary = "Run the monthly service reporting now for a period (service owners, admins)",
            description = "What the monthly timer of ServiceReporting.bpmn does, for the given period (default: the "
                    + "last full month): a stored report and a review task per active service and for all services, "
                    + "an investigation per unplanned outage that ended in the period, and the register's SLA_BREACH "
                    + "and CHANGE_REVIEW items (each added once).")
    @ApiResponse(responseCode = "201", description = "generated; the body lists the reports, investigations and items")
    ResponseEntity<ServiceReporting.Run> run(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Instant[] period = PeriodParams.parse(from, to, now());
        return ResponseEntity.status(org.springframework.http.HttpStatus.CREATED).body(reporting.run(period[0], period[1]));
    }

    static String format(String format, String accept) {
        if (format != null && !format.isBlank()) {
            String f = format.strip().toLowerCase();
            if (!f.equals("html") && !f.equals("pdf") && !f.equals("json")) {
                throw new InvalidFieldException("format", "must be html, pdf or json");
            }
            return f;
        }
        if (accept != null) {
            java.util.List<MediaType> types;
            try {
                types = MediaType.parseMediaTypes(accept);
            } catch (org.springframework.http.InvalidMediaTypeException e) {
                return "html";
            }
            for (MediaType type : types) {
                if (type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType()) {
                    return "html";
                }
                if (type.isCompatibleWith(MediaType.APPLICATION_PDF) && !type.isWildcardType()) {
                    return "pdf";
                }
                if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                    return "json";
                }
            }
        }
        return "html";
    }

    private static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
