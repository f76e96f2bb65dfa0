package org.itsmflow.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The API audit log for internal auditors and administrators: who wrote what through our API, and when. */
@RestController
@Tag(name = "Audit log", description = "Every write through the API: who, when, what (append-only)")
class AuditLogController {

    private final ApiAuditLog audit;

    AuditLogController(ApiAuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/audit-log")
    @PreAuthorize("hasAnyAuthority('auditors', 'camunda-admin')")
    @Operation(summary = "Write requests in a period, newest first",
            description = "Every non-GET request through /api/** with its user, time, status and the record it wrote. "
                    + "from defaults to 7 days before to, to to now; at most 1000 entries.")
    @ApiResponse(responseCode = "400", description = "from or to is not an ISO-8601 instant, or to is not after from")
    @ApiResponse(responseCode = "403", description = "only auditors and administrators read the audit log")
    List<ApiAuditLog.Entry> find(
            @Parameter(description = "ISO-8601 instant, inclusive") @RequestParam(required = false)
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @Parameter(description = "ISO-8601 instant, exclusive") @RequestParam(required = false)
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @Parameter(description = "only this user's writes") @RequestParam(required = false) String user,
            @Parameter(description = "at most this many entries (1-1000)") @RequestParam(defaultValue = "200") int limit) {
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : from;
        if (!end.isAfter(start)) {
            throw new InvalidFieldException("to", "must be after from");
        }
        if (limit < 1 || limit > ApiAuditLog.MAX_ROWS) {
            throw new InvalidFieldException("limit", "must be between 1 and " + ApiAuditLog.MAX_ROWS);
        }
        return audit.find(start, end, user == null || user.isBlank() ? null : user.trim(), limit);
    }
}
