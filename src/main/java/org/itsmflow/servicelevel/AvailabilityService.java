package org.itsmflow.servicelevel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.platform.InvalidFieldException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Availability per service (R-6.3a): agreed service time minus outage time, from the outage records that incidents
 * wrote ({@link OutageService}), in the service's calendar. Agreed service time is the working time of the calendar
 * of the SLA in force at the start of the period (the service's own calendar when the SLA names none): weekly working
 * spans, public holidays off, make-up working days on. Outage time counts only where it falls inside agreed service
 * time; overlapping outages (two incidents on the same service at once) count once. An outage still open counts up
 * to "now" (the engine clock) or the period's end, whichever comes first.
 */
@Service
@Transactional(readOnly = true)
public class AvailabilityService {

    static final String UNPLANNED = "UNPLANNED";

    private final ServiceCatalog catalog;
    private final BusinessCalendars calendars;
    private final OutageService outages;

    AvailabilityService(ServiceCatalog catalog, BusinessCalendars calendars, OutageService outages) {
        this.catalog = catalog;
        this.calendars = calendars;
        this.outages = outages;
    }

    /**
     * @throws org.itsmflow.platform.NotFoundException for an unknown service
     * @throws InvalidFieldException when the period is missing or empty ({@code from}, {@code to})
     */
    public Availability of(String serviceId, Instant from, Instant to) {
        if (from == null) {
            throw new InvalidFieldException("from", "must be given");
        }
        if (to == null) {
            throw new InvalidFieldException("to", "must be given");
        }
        if (!to.isAfter(from)) {
            throw new InvalidFieldException("to", "must be after from");
        }
        BusinessService service = catalog.require(serviceId, null);
        BusinessCalendar calendar = calendarOf(service, from);
        return compute(service, calendar, from, to, outages.overlapping(service.id(), from, to),
                ClockUtil.getCurrentTime().toInstant());
    }

    /** The calendar that defines the agreed service time: the SLA's in force at {@code at}, else the service's. */
    public BusinessCalendar calendarOf(BusinessService service, Instant at) {
        String calendarId = service.calendarId();
        BusinessCalendar serviceCalendar = calendars.find(calendarId).orElseGet(calendars::twentyFourSeven);
        LocalDate day = LocalDate.ofInstant(at, serviceCalendar.zone());
        String slaCalendar = catalog.slaInForce(service.id(), null, day).map(Sla::calendarId).orElse(null);
        if (slaCalendar != null && !slaCalendar.equals(calendarId)) {
            return calendars.find(slaCalendar).orElse(serviceCalendar);
        }
        return serviceCalendar;
    }

    /** The calculation itself, without the database (unit-tested across weekends, holidays and make-up days). */
    static Availability compute(BusinessService service, BusinessCalendar calendar, Instant from, Instant to,
            List<OutageService.Outage> records, Instant now) {
        Duration agreed = calendar.between(from, to);
        List<Availability.OutageInPeriod> inPeriod = new ArrayList<>();
        List<Instant[]> unplanned = new ArrayList<>();
        List<Instant[]> planned = new ArrayList<>();
        for (OutageService.Outage o : records) {
            Instant end = o.endedAt() != null ? o.endedAt() : (now.isBefore(to) ? now : to);
            Instant a = o.startedAt().isBefore(from) ? from : o.startedAt();
            Instant b = end.isAfter(to) ? to : end;
            if (!b.isAfter(a)) {
                continue;
            }
            (UNPLANNED.equals(o.kind()) ? unplanned : planned).add(new Instant[] {a, b});
            inPeriod.add(new Availability.OutageInPeriod(o.id(), o.recordId(), o.ciId(), o.kind(), o.startedAt(),
                    o.endedAt(), calendar.between(a, b).toMinutes()));
        }
        Duration down = businessTime(calendar, merge(unplanned));
        Duration plannedDown = businessTime(calendar, merge(planned));
        BigDecimal percent = agreed.isZero() ? null
                : BigDecimal.valueOf(agreed.minus(down).getSeconds()).multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(agreed.getSeconds()), 3, RoundingMode.HALF_UP);
        return new Availability(service.id(), service.name(), calendar.id(), from, to, agreed.toMinutes(),
                down.toMinutes(), plannedDown.toMinutes(), percent, List.copyOf(inPeriod));
    }

    private static List<Instant[]> merge(List<Instant[]> intervals) {
        List<Instant[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(i -> i[0]));
        List<Instant[]> merged = new ArrayList<>();
        for (Instant[] i : sorted) {
            Instant[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !i[0].isAfter(last[1])) {
                if (i[1].isAfter(last[1])) {
                    last[1] = i[1];
                }
            } else {
                merged.add(new Instant[] {i[0], i[1]});
            }
        }
        return merged;
    }

    private static Duration businessTime(BusinessCalendar calendar, List<Instant[]> intervals) {
        Duration total = Duration.ZERO;
        for (Instant[] i : intervals) {
            total = total.plus(calendar.between(i[0], i[1]));
        }
        return total;
    }
}
