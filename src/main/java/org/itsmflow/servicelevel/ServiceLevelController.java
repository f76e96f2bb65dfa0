package org.itsmflow.servicelevel;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.itsmflow.platform.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only API of service level management: the service catalogue with its SLAs and customers (R-6.1a, R-7.2a),
 * business calendars, and the SLA status of a record (R-6.1d). Edits to SLAs go through change management
 * (R-6.1b), so there is no write endpoint here.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Service level management", description = "Services, SLAs, customers, business calendars and SLA clocks "
        + "(ISO/IEC 20000-1 6.1, 7.2)")
class ServiceLevelController {

    private final ServiceCatalog catalog;
    private final BusinessCalendars calendars;
    private final SlaClockService clocks;
    private final AvailabilityService availability;

    ServiceLevelController(ServiceCatalog catalog, BusinessCalendars calendars, SlaClockService clocks,
            AvailabilityService availability) {
        this.availability = availability;
        this.catalog = catalog;
        this.calendars = calendars;
        this.clocks = clocks;
    }

    /** A service with its SLAs (targets included) and the customers using it. */
    record ServiceDetail(String id, String name, String description, ServiceStatus status, String ownerGroup,
            String calendarId, List<Sla> slas, List<Customer> customers) {
    }

    /** One working span of a weekday, "HH:mm" times, end "24:00" for the end of the day. */
    record WorkingHours(DayOfWeek dayOfWeek, String start, String end) {
    }

    /** A holiday, or a make-up working day that works the hours of {@code worksLike}. */
    record CalendarException(LocalDate date, ExceptionDay.Kind kind, DayOfWeek worksLike, String name) {
    }

    record CalendarView(String id, String name, String timeZone, List<WorkingHours> workingHours,
            List<CalendarException> exceptionDays) {
    }

    /** The SLA status of a record: its clocks with due and warning times, remaining business minutes, breaches. */
    record SlaStatus(String recordId, List<SlaClockView> clocks, List<SlaBreach> breaches) {
    }

    @GetMapping("/services")
    @Operation(summary = "List the service catalogue",
            description = "Every service with id and name, description, status, owner group and calendar (R-6.1a).")
    List<BusinessService> services() {
        return catalog.findAll();
    }

    @GetMapping("/services/{id}")
    @Operation(summary = "Read a service with its SLAs, targets and customers (R-6.1a, R-7.2a)")
    @ApiResponse(responseCode = "404", description = "No service has this id")
    ServiceDetail service(@Parameter(description = "service id, e.g. email") @PathVariable String id) {
        BusinessService s = catalog.require(id, null);
        return new ServiceDetail(s.id(), s.name(), s.description(), s.status(), s.ownerGroup(), s.calendarId(),
                catalog.slasOf(id), catalog.customersOf(id));
    }

    @GetMapping("/services/{id}/availability")
    @Operation(summary = "Availability of a service in a period (R-6.3a)",
            description = "Agreed service time (the working time of the service's SLA calendar: working spans, "
                    + "holidays, make-up working days) minus the unplanned outage time inside it, from the outage "
                    + "records of incidents. from/to: a date (2026-10-01) or an ISO date-time; to is exclusive. "
                    + "Without both, the last full month (UTC).")
    @ApiResponse(responseCode = "404", description = "No service has this id")
    @ApiResponse(responseCode = "400", description = "from or to is not a date, or to is not after from")
    Availability availability(@Parameter(description = "service id, e.g. email") @PathVariable String id,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant[] period = PeriodParams.parse(from, to, org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime()
                .toInstant());
        return availability.of(id, period[0], period[1]);
    }

    @GetMapping("/slas/{id}")
    @Operation(summary = "Read an SLA with its targets per priority and workload characteristics (R-6.1a)")
    @ApiResponse(responseCode = "404", description = "No SLA has this id")
    Sla sla(@Parameter(description = "SLA id, e.g. SLA-EMAIL") @PathVariable String id) {
        return catalog.requireSla(id, null);
    }

    @GetMapping("/customers")
    @Operation(summary = "List the customers, their contact users and formal-complaint agreement (R-7.2a)")
    List<Customer> customers() {
        return catalog.customers();
    }

    @GetMapping("/calendars/{id}")
    @Operation(summary = "Read a business calendar: time zone, weekly working hours, holidays and make-up days")
    @ApiResponse(responseCode = "404", description = "No calendar has this id")
    CalendarView calendar(@Parameter(description = "calendar id, e.g. cn-business or 24x7") @PathVariable String id) {
        BusinessCalendar calendar = calendars.require(id);
        List<WorkingHours> hours = new ArrayList<>();
        for (Map.Entry<DayOfWeek, List<WorkingSpan>> day : calendar.weeklyHours().entrySet()) {
            day.getValue().forEach(span -> hours.add(new WorkingHours(day.getKey(), span.start(), span.end())));
        }
        List<CalendarException> exceptions = calendar.exceptionDays().values().stream()
                .map(e -> new CalendarException(e.day(), e.kind(), e.worksLike(), e.name())).toList();
        return new CalendarView(calendar.id(), calendar.name(), calendar.zone().getId(), hours, exceptions);
    }

    @GetMapping("/sla-clocks/{recordId}")
    @Operation(summary = "Read the SLA status of a record (R-6.1d)",
            description = "Its response and resolution clocks with due and warning times, business minutes remaining "
                    + "now (negative when overdue), whether breached, and the breach records.")
    @ApiResponse(responseCode = "404", description = "The record has no SLA clocks")
    SlaStatus slaClocks(@Parameter(description = "record id, e.g. INC-000123") @PathVariable String recordId) {
        List<SlaClockView> views = clocks.status(recordId);
        if (views.isEmpty()) {
            throw new NotFoundException("SLA clocks of record", recordId);
        }
        return new SlaStatus(recordId, views, clocks.breaches(recordId));
    }
}
