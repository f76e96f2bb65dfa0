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
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.OwnRecords;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only API of service level management: the service catalogue with its SLAs and customers (R-6.1a, R-7.2a),
 * business calendars, and the SLA status of a record (R-6.1d). Edits to SLAs go through change management
 * (R-6.1b), so there is no write endpoint here.
 * <p>
 * Customers read a narrowed view: the customer list and a service's customers only as far as they are a contact,
 * SLAs agreed for every customer or with their own, a service's outages without the records and CIs of others, and
 * SLA clocks of their own records only. What is not theirs answers 404, as their incidents and complaints do.
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
    private final OwnRecords ownRecords;

    ServiceLevelController(ServiceCatalog catalog, BusinessCalendars calendars, SlaClockService clocks,
            AvailabilityService availability, OwnRecords ownRecords) {
        this.availability = availability;
        this.ownRecords = ownRecords;
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
    ServiceDetail service(@Parameter(description = "service id, e.g. email") @PathVariable String id,
            Authentication caller) {
        BusinessService s = catalog.require(id, null);
        List<Sla> slas = catalog.slasOf(id);
        List<Customer> customers = catalog.customersOf(id);
        if (ApiRoles.customerView(caller)) {
            slas = slas.stream().filter(sla -> readable(sla, caller)).toList();
            customers = customers.stream().filter(c -> c.contacts().contains(caller.getName())).toList();
        }
        return new ServiceDetail(s.id(), s.name(), s.description(), s.status(), s.ownerGroup(), s.calendarId(),
                slas, customers);
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
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            Authentication caller) {
        Instant[] period = PeriodParams.parse(from, to, org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime()
                .toInstant());
        Availability figures = availability.of(id, period[0], period[1]);
        if (!ApiRoles.customerView(caller)) {
            return figures;
        }
        // a customer sees when the service was down, not whose record reported it nor which CI failed
        List<Availability.OutageInPeriod> outages = figures.outages().stream()
                .map(o -> ownRecords.owns(caller.getName(), o.recordId()) ? o
                        : new Availability.OutageInPeriod(o.id(), null, null, o.kind(), o.startedAt(), o.endedAt(),
                                o.downtimeMinutes()))
                .toList();
        return new Availability(figures.serviceId(), figures.serviceName(), figures.calendarId(), figures.from(),
                figures.to(), figures.agreedMinutes(), figures.unplannedDowntimeMinutes(),
                figures.plannedDowntimeMinutes(), figures.availabilityPercent(), outages);
    }

    @GetMapping("/slas/{id}")
    @Operation(summary = "Read an SLA with its targets per priority and workload characteristics (R-6.1a)")
    @ApiResponse(responseCode = "404", description = "No SLA has this id")
    Sla sla(@Parameter(description = "SLA id, e.g. SLA-EMAIL") @PathVariable String id, Authentication caller) {
        Sla sla = catalog.requireSla(id, null);
        if (ApiRoles.customerView(caller) && !readable(sla, caller)) {
            throw new NotFoundException("SLA", id); // another customer's agreement is not even confirmed to exist
        }
        return sla;
    }

    @GetMapping("/customers")
    @Operation(summary = "List the customers, their contact users and formal-complaint agreement (R-7.2a)",
            description = "Staff see every customer; a customer sees only the customers they are a contact of.")
    List<Customer> customers(Authentication caller) {
        List<Customer> all = catalog.customers();
        return ApiRoles.customerView(caller)
                ? all.stream().filter(c -> c.contacts().contains(caller.getName())).toList() : all;
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
    SlaStatus slaClocks(@Parameter(description = "record id, e.g. INC-000123") @PathVariable String recordId,
            Authentication caller) {
        if (ApiRoles.customerView(caller) && !ownRecords.owns(caller.getName(), recordId)) {
            // a customer reads the clocks of records they reported or raised; others' are not confirmed to exist
            throw new NotFoundException("SLA clocks of record", recordId);
        }
        List<SlaClockView> views = clocks.status(recordId);
        if (views.isEmpty()) {
            throw new NotFoundException("SLA clocks of record", recordId);
        }
        return new SlaStatus(recordId, views, clocks.breaches(recordId));
    }

    /** An SLA a customer may read: agreed for every customer of the service, or with a customer they are a contact of. */
    private boolean readable(Sla sla, Authentication caller) {
        return sla.customerId() == null || catalog.findCustomer(sla.customerId())
                .map(c -> c.contacts().contains(caller.getName())).orElse(false);
    }
}
