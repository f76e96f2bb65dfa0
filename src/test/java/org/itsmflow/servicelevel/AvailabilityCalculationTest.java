package org.itsmflow.servicelevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Availability (R-6.3a) computed across calendar edges, without the database: a Mon-Fri 09:00-12:00 + 13:00-18:00
 * calendar in Asia/Shanghai (UTC+8) with a holiday on Wednesday 7 October 2026 and a make-up working day on Saturday
 * 10 October 2026. The period is the week Monday 5 to Monday 12 October (local midnight).
 */
class AvailabilityCalculationTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final BusinessCalendar CALENDAR = BusinessCalendar.builder("test", "test", SHANGHAI)
            .weekdays(new WorkingSpan(540, 720), new WorkingSpan(780, 1080))
            .exception(ExceptionDay.holiday(LocalDate.parse("2026-10-07"), "Holiday"))
            .exception(new ExceptionDay(LocalDate.parse("2026-10-10"), ExceptionDay.Kind.WORKDAY, DayOfWeek.MONDAY,
                    "Make-up day"))
            .build();
    static final BusinessService SERVICE = new BusinessService("svc", "Service", null, ServiceStatus.ACTIVE,
            "serviceowners", "test");
    static final Instant FROM = local("2026-10-05T00:00");
    static final Instant TO = local("2026-10-12T00:00");
    static final Instant NOW = local("2026-10-20T00:00");

    static Instant local(String text) {
        return java.time.LocalDateTime.parse(text).atZone(SHANGHAI).toInstant();
    }

    static OutageService.Outage outage(long id, String from, String to, String kind) {
        return new OutageService.Outage(id, "svc", "INC-" + id, null, local(from), to == null ? null : local(to), kind);
    }

    static Availability compute(OutageService.Outage... outages) {
        return AvailabilityService.compute(SERVICE, CALENDAR, FROM, TO, List.of(outages), NOW);
    }

    @Test
    @DisplayName("R-6.3a agreed service time: 4 weekdays (holiday off) + 1 make-up Saturday = 5 x 480 minutes")
    void agreedTime() {
        Availability a = compute();
        assertThat(a.agreedMinutes()).isEqualTo(2400);
        assertThat(a.unplannedDowntimeMinutes()).isZero();
        assertThat(a.availabilityPercent()).hasToString("100.000");
    }

    @Test
    @DisplayName("R-6.3a an outage over the weekend and the holiday counts only its working time, lunch excluded")
    void weekendsHolidaysAndLunch() {
        Availability a = compute(
                outage(1, "2026-10-06T17:00", "2026-10-08T10:00", "UNPLANNED"), // Tue 17-18 + holiday + Thu 9-10 = 120
                outage(2, "2026-10-11T08:00", "2026-10-11T20:00", "UNPLANNED"), // Sunday: 0
                outage(3, "2026-10-09T11:30", "2026-10-09T13:30", "UNPLANNED")); // Fri 11:30-12 + 13-13:30 = 60
        assertThat(a.unplannedDowntimeMinutes()).isEqualTo(180);
        assertThat(a.availabilityPercent()).hasToString("92.500");
        assertThat(a.outages()).extracting(Availability.OutageInPeriod::downtimeMinutes).containsExactly(120L, 0L, 60L);
    }

    @Test
    @DisplayName("R-6.3a a make-up working day is agreed service time; overlapping outages count once")
    void makeUpDayAndOverlap() {
        Availability a = compute(
                outage(1, "2026-10-10T09:00", "2026-10-10T11:00", "UNPLANNED"),
                outage(2, "2026-10-10T10:00", "2026-10-10T12:30", "UNPLANNED"));
        assertThat(a.unplannedDowntimeMinutes()).isEqualTo(180);
        assertThat(a.outages()).extracting(Availability.OutageInPeriod::downtimeMinutes).containsExactly(120L, 120L);
    }

    @Test
    @DisplayName("R-6.3a outages are clipped to the period; an open outage counts until now; planned downtime is apart")
    void clippingOpenAndPlanned() {
        Availability a = AvailabilityService.compute(SERVICE, CALENDAR, FROM, TO, List.of(
                outage(1, "2026-10-02T09:00", "2026-10-05T10:00", "UNPLANNED"), // Mon 9-10 inside = 60
                outage(2, "2026-10-09T17:00", null, "UNPLANNED"), // open: Fri 17-18 + Sat 9-12, 13-14 (now) = 300
                outage(3, "2026-10-06T09:00", "2026-10-06T10:00", "PLANNED")),
                local("2026-10-10T14:00"));
        assertThat(a.unplannedDowntimeMinutes()).isEqualTo(360);
        assertThat(a.plannedDowntimeMinutes()).isEqualTo(60);
        assertThat(a.availabilityPercent()).hasToString("85.000");
    }
}
