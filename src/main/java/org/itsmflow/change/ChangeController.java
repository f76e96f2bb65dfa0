package org.itsmflow.change;

import org.springframework.util.MultiValueMap;
import org.itsmflow.platform.RecordPage;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.LinkedRecords;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Request and follow changes, and read the forward schedule of change (R-9.2a, R-9.2g). */
@RestController
@RequestMapping("/api/changes")
@Tag(name = "Changes", description = "Change management (ISO/IEC 20000-1 clause 9.2)")
class ChangeController {

    static final MediaType TEXT_CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");
    /** Default length of the schedule when {@code to} is not given. */
    static final Duration DEFAULT_HORIZON = Duration.ofDays(90);

    private final ChangeService changes;
    private final ChangeCalendar calendar;
    private final LinkedRecords links;

    private final ChangeList list;

    ChangeController(ChangeService changes, ChangeCalendar calendar, LinkedRecords links, ChangeList list) {
        this.links = links;
        this.changes = changes;
        this.calendar = calendar;
        this.list = list;
    }

    @PostMapping
    @Operation(summary = "Request a change (RFC)",
            description = "Records the change, analyses its impact in the CMDB, assesses its risk (DMN ChangeRisk), "
                    + "classifies it and picks the approval route (DMN ChangeClassification) and starts its process; "
                    + "answers with the record, its CIs and its schedule conflicts.")
    @ApiResponse(responseCode = "201", description = "recorded; Location names the new change")
    @ApiResponse(responseCode = "400", description = "a field is missing or invalid (named in errors)")
    @ApiResponse(responseCode = "404", description = "an affected CI, service or SLA does not exist (named in errors)")
    @ApiResponse(responseCode = "403", description = "customers do not raise changes")
    // checked before the body is read: the engine would refuse the start too, but only after the checks told what exists
    @PreAuthorize(ApiRoles.STAFF)
    ResponseEntity<ChangeView> raise(@Valid @RequestBody NewChange change, Authentication caller) {
        Change recorded = changes.raise(change, caller.getName());
        return ResponseEntity.created(URI.create("/api/changes/" + recorded.id())).body(changes.view(recorded.id()));
    }

    @GetMapping
    @Operation(summary = "List and search changes, a page at a time",
            description = "Filters combine with AND; a comma list means any of its values. A customer's list holds "
                    + "only the changes they requested. Same paging, sort and free text as GET /api/incidents.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "a ChangeStatus, or OPEN for every status before "
            + "closed, rejected, failed or backed out", example = "FAILED")
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "STANDARD, NORMAL, EMERGENCY, ...")
    @Parameter(name = "risk", in = ParameterIn.QUERY, description = "LOW, MEDIUM, HIGH")
    @Parameter(name = "requester", in = ParameterIn.QUERY, description = "user id of the requester")
    @Parameter(name = "ciId", in = ParameterIn.QUERY, description = "changes naming this CI")
    @Parameter(name = "createdFrom", in = ParameterIn.QUERY, description = "requested at or after (date or date-time)")
    @Parameter(name = "createdTo", in = ParameterIn.QUERY, description = "requested before")
    @Parameter(name = "updatedFrom", in = ParameterIn.QUERY, description = "last changed at or after")
    @Parameter(name = "updatedTo", in = ParameterIn.QUERY, description = "last changed before")
    @Parameter(name = "plannedStartFrom", in = ParameterIn.QUERY, description = "planned to start at or after")
    @Parameter(name = "plannedStartTo", in = ParameterIn.QUERY, description = "planned to start before")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "free text over title and description")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "id, created, updated, plannedStart, status, title; - before it for descending (default -updated)")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0 (default 0)")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "items per page, 1..200 (default 20)")
    @ApiResponse(responseCode = "200", description = "the page: items, page, size, total (matches on all pages)")
    @ApiResponse(responseCode = "400", description = "an unknown parameter or a bad value (named in errors)")
    RecordPage<ChangeListItem> list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters,
            Authentication caller) {
        return list.list(parameters, caller);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A change with its risk, class, route, status, CIs, conflicts, votes, journal and linked "
            + "records (the problem it fixes and that problem's incidents, the release deploying it, complaints)")
    @ApiResponse(responseCode = "404", description = "no change has this id")
    ChangeView get(@PathVariable String id, Authentication caller) {
        ChangeView view = changes.view(id);
        if (ApiRoles.customerView(caller) && !caller.getName().equals(view.change().requester())) {
            throw new NotFoundException("Change", id);
        }
        return view.withLinks(links.visibleTo(caller, view.links()));
    }

    @GetMapping("/schedule")
    @Operation(summary = "Forward schedule of change",
            description = "Approved, scheduled and implementing changes whose window overlaps [from, to), by start "
                    + "(R-9.2g). from defaults to now, to to 90 days later.")
    @ApiResponse(responseCode = "400", description = "from or to is not an ISO-8601 instant, or to is not after from")
    List<ScheduledChange> schedule(
            @Parameter(description = "ISO-8601 instant, e.g. 2026-12-01T00:00:00Z")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @Parameter(description = "ISO-8601 instant, after from")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            Authentication caller) {
        Instant start = from == null ? ChangeService.now() : from;
        return forCaller(changes.schedule(start, to == null ? start.plus(DEFAULT_HORIZON) : to), caller);
    }

    @GetMapping(value = "/schedule.ics", produces = "text/calendar")
    @Operation(summary = "Forward schedule of change as an iCalendar feed",
            description = "The same changes as /schedule, one VEVENT per change with the change id as UID, for "
                    + "calendars to subscribe to (R-9.2g).")
    ResponseEntity<String> scheduleFeed(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            Authentication caller) {
        Instant start = from == null ? ChangeService.now() : from;
        List<ScheduledChange> scheduled = forCaller(changes.schedule(start, to == null ? start.plus(DEFAULT_HORIZON)
                : to), caller);
        return ResponseEntity.ok().contentType(TEXT_CALENDAR)
                .header("Content-Disposition", "inline; filename=\"change-schedule.ics\"")
                .body(calendar.render(scheduled, ChangeService.now()));
    }

    /**
     * The forward schedule as a customer may read it (R-9.2g: communicated to interested parties): what changes
     * when, without the CMDB's configuration items and the requesters' names, unless they requested the change.
     */
    private static List<ScheduledChange> forCaller(List<ScheduledChange> scheduled, Authentication caller) {
        if (!ApiRoles.customerView(caller)) {
            return scheduled;
        }
        return scheduled.stream().map(c -> caller.getName().equals(c.requester()) ? c
                : new ScheduledChange(c.id(), c.title(), c.changeType(), c.changeClass(), c.riskLevel(), c.status(),
                        c.plannedStart(), c.plannedEnd(), List.of(), null)).toList();
    }
}
