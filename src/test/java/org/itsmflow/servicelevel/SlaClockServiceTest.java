package org.itsmflow.servicelevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SLA clock lifecycle on PostgreSQL with the demo SLAs (R-6.1a targets, R-6.1d monitoring and breach records).
 * Demo SLA-EMAIL: P1 15 min / 4 h around the clock; P2 30 min / 8 h, P3 4 h / 27 h, P4 8 h / 45 h in business
 * hours of {@code cn-business} (Mon–Fri 09:00–12:00, 13:00–18:00, Asia/Shanghai). Each test uses its own record id.
 */
@PostgresTest
class SlaClockServiceTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired
    SlaClockService clocks;

    @Autowired
    JdbcTemplate jdbc;

    static Instant sh(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    static String newRecord() {
        return "TEST-" + UUID.randomUUID();
    }

    static SlaClockView clock(List<SlaClockView> views, ClockKind kind) {
        return views.stream().filter(v -> v.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("R-6.1a R-6.1d start: due and warning times from the P2 target in business hours")
    void startComputesDueAndWarningInBusinessHours() {
        String record = newRecord();
        List<SlaClockView> views = clocks.start(record, "INCIDENT", "email", "P2", sh("2026-03-10T10:00"));

        assertThat(views).extracting(SlaClockView::kind).containsExactly(ClockKind.RESPONSE, ClockKind.RESOLUTION);
        SlaClockView response = clock(views, ClockKind.RESPONSE);
        assertThat(response.slaId()).isEqualTo("SLA-EMAIL");
        assertThat(response.calendarId()).isEqualTo("cn-business");
        assertThat(response.state()).isEqualTo(ClockState.RUNNING);
        assertThat(response.targetMinutes()).isEqualTo(30);
        assertThat(response.dueAt()).isEqualTo(sh("2026-03-10T10:30"));
        assertThat(response.warningAt()).isEqualTo(sh("2026-03-10T10:22:30"));
        assertThat(response.remainingBusinessMinutes()).isEqualTo(30);
        // 8 business hours: Tue 10-12, 13-18 (7 h), Wed 09-10
        SlaClockView resolution = clock(views, ClockKind.RESOLUTION);
        assertThat(resolution.dueAt()).isEqualTo(sh("2026-03-11T10:00"));
        assertThat(resolution.warningAt()).isEqualTo(sh("2026-03-10T17:00"));

        SlaClockView later = clock(clocks.status(record, sh("2026-03-10T10:25")), ClockKind.RESPONSE);
        assertThat(later.warningReached()).isTrue();
        assertThat(later.overdue()).isFalse();
        assertThat(later.remainingBusinessMinutes()).isEqualTo(5);
        SlaClockView overdue = clock(clocks.status(record, sh("2026-03-10T13:10")), ClockKind.RESPONSE);
        assertThat(overdue.overdue()).isTrue();
        assertThat(overdue.remainingBusinessMinutes()).isEqualTo(-100);
    }

    @Test
    @DisplayName("R-6.1a P1 counts around the clock (24x7), also at night and on weekends")
    void p1CountsAroundTheClock() {
        String record = newRecord();
        List<SlaClockView> views = clocks.start(record, "INCIDENT", "erp", "P1", sh("2026-03-13T23:00"));
        assertThat(clock(views, ClockKind.RESPONSE).calendarId()).isEqualTo("24x7");
        assertThat(clock(views, ClockKind.RESPONSE).dueAt()).isEqualTo(sh("2026-03-13T23:15"));
        assertThat(clock(views, ClockKind.RESOLUTION).dueAt()).isEqualTo(sh("2026-03-14T03:00"));
    }

    @Test
    @DisplayName("R-6.1a a start on National Day counts from the next working day, the make-up Saturday included")
    void startOnAHolidayCountsFromTheNextWorkingDay() {
        String record = newRecord();
        List<SlaClockView> views = clocks.start(record, "INCIDENT", "hr-portal", "P3", sh("2026-10-01T10:00"));
        // 4 h: Thu Oct 8 09-12, 13-14
        assertThat(clock(views, ClockKind.RESPONSE).dueAt()).isEqualTo(sh("2026-10-08T14:00"));
        // 27 h: Oct 8 (8), Oct 9 (8), make-up Sat Oct 10 (8), Mon Oct 12 09-12 (3): due at the lunch break
        assertThat(clock(views, ClockKind.RESOLUTION).dueAt()).isEqualTo(sh("2026-10-12T12:00"));
        assertThat(clock(views, ClockKind.RESOLUTION).remainingBusinessMinutes()).isEqualTo(27 * 60);
    }

    @Test
    @DisplayName("R-6.1d pause and resume move due and warning by the business time spent paused")
    void pauseAndResumeShiftDueTimes() {
        String record = newRecord();
        clocks.start(record, "INCIDENT", "email", "P2", sh("2026-03-10T10:00"));

        List<SlaClockView> paused = clocks.pause(record, sh("2026-03-10T10:10"));
        assertThat(paused).allSatisfy(v -> assertThat(v.state()).isEqualTo(ClockState.PAUSED));
        // remaining business time is frozen while paused
        SlaClockView frozen = clock(clocks.status(record, sh("2026-03-10T16:00")), ClockKind.RESPONSE);
        assertThat(frozen.remainingBusinessMinutes()).isEqualTo(20);
        assertThat(frozen.overdue()).isFalse();

        // paused 10:10-12:00 and 13:00-14:10: 3 business hours, the lunch break not counted
        List<SlaClockView> resumed = clocks.resume(record, sh("2026-03-10T14:10"));
        SlaClockView response = clock(resumed, ClockKind.RESPONSE);
        assertThat(response.state()).isEqualTo(ClockState.RUNNING);
        assertThat(response.pausedMinutes()).isEqualTo(180);
        assertThat(response.pausedAt()).isNull();
        assertThat(response.dueAt()).isEqualTo(sh("2026-03-10T14:30"));
        assertThat(response.remainingBusinessMinutes()).isEqualTo(20);
        assertThat(response.warningAt()).isEqualTo(sh("2026-03-10T14:22:30"));
        // 8 h + 3 h from Tue 10:00: Tue 7 h, Wed 09-12 and 13-14
        assertThat(clock(resumed, ClockKind.RESOLUTION).dueAt()).isEqualTo(sh("2026-03-11T14:00"));

        // a pause overnight counts only the working hours: 17:00-18:00 and 09:00-10:00
        clocks.pause(record, sh("2026-03-10T17:00"));
        SlaClockView again = clock(clocks.resume(record, sh("2026-03-11T10:00")), ClockKind.RESOLUTION);
        assertThat(again.pausedMinutes()).isEqualTo(300);
        assertThat(again.dueAt()).isEqualTo(sh("2026-03-11T16:00"));
    }

    @Test
    @DisplayName("R-6.1d illegal transitions are conflicts")
    void illegalTransitionsAreConflicts() {
        String record = newRecord();
        clocks.start(record, "INCIDENT", "email", "P3", sh("2026-03-10T10:00"));
        assertThatThrownBy(() -> clocks.start(record, "INCIDENT", "email", "P3", sh("2026-03-10T10:00")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already started");
        assertThatThrownBy(() -> clocks.resume(record, sh("2026-03-10T10:05")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("none can be resumed");
        clocks.pause(record, sh("2026-03-10T10:05"));
        assertThatThrownBy(() -> clocks.pause(record, sh("2026-03-10T10:06")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("none can be paused");
        assertThatThrownBy(() -> clocks.resume(record, sh("2026-03-10T10:00")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("before it was paused");
        clocks.resume(record, sh("2026-03-10T10:07"));
        clocks.stop(record, ClockKind.RESPONSE, sh("2026-03-10T10:20"));
        clocks.stop(record, ClockKind.RESOLUTION, sh("2026-03-10T11:00"));
        assertThatThrownBy(() -> clocks.stop(record, ClockKind.RESOLUTION, sh("2026-03-10T11:05")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already stopped");
        assertThatThrownBy(() -> clocks.pause(record, sh("2026-03-10T11:05")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> clocks.retarget(record, "P1", sh("2026-03-10T11:05")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("stopped");
    }

    @Test
    @DisplayName("R-6.1d stop: in time not breached; only the running clocks pause afterwards")
    void stopInTime() {
        String record = newRecord();
        clocks.start(record, "INCIDENT", "email", "P2", sh("2026-03-10T10:00"));
        SlaClockView stopped = clocks.stop(record, ClockKind.RESPONSE, sh("2026-03-10T10:12"));
        assertThat(stopped.state()).isEqualTo(ClockState.STOPPED);
        assertThat(stopped.stoppedAt()).isEqualTo(sh("2026-03-10T10:12"));
        assertThat(stopped.breached()).isFalse();
        assertThat(stopped.remainingBusinessMinutes()).isEqualTo(18);

        List<SlaClockView> afterPause = clocks.pause(record, sh("2026-03-10T11:00"));
        assertThat(clock(afterPause, ClockKind.RESPONSE).state()).isEqualTo(ClockState.STOPPED);
        assertThat(clock(afterPause, ClockKind.RESOLUTION).state()).isEqualTo(ClockState.PAUSED);
        assertThat(clocks.breaches(record)).isEmpty();
    }

    @Test
    @DisplayName("R-6.1d a clock stopped after its due time is breached and the breach recorded")
    void stopLateRecordsABreach() {
        String record = newRecord();
        clocks.start(record, "INCIDENT", "email", "P2", sh("2026-03-10T10:00"));
        SlaClockView late = clocks.stop(record, ClockKind.RESPONSE, sh("2026-03-10T11:00"));
        assertThat(late.breached()).isTrue();
        assertThat(late.remainingBusinessMinutes()).isEqualTo(-30);
        assertThat(clocks.breaches(record)).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ClockKind.RESPONSE);
            assertThat(b.dueAt()).isEqualTo(sh("2026-03-10T10:30"));
            assertThat(b.recordedBy()).isEqualTo("system");
        });
    }

    @Test
    @DisplayName("R-6.1d recordBreach: a breach record once the due time has passed, idempotent")
    void recordBreach() {
        String record = newRecord();
        clocks.start(record, "INCIDENT", "online-shop", "P1", sh("2026-03-14T02:00"));
        assertThatThrownBy(() -> clocks.recordBreach(record, ClockKind.RESPONSE, sh("2026-03-14T02:10"), "x", "y"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("not overdue");

        SlaBreach breach = clocks.recordBreach(record, ClockKind.RESPONSE, sh("2026-03-14T02:15"),
                "Response due time passed", "system");
        assertThat(breach.recordId()).isEqualTo(record);
        assertThat(breach.dueAt()).isEqualTo(sh("2026-03-14T02:15"));
        assertThat(breach.breachedAt()).isEqualTo(sh("2026-03-14T02:15"));
        assertThat(breach.cause()).isEqualTo("Response due time passed");

        SlaBreach again = clocks.recordBreach(record, ClockKind.RESPONSE, sh("2026-03-14T02:16"), "again", "system");
        assertThat(again.id()).isEqualTo(breach.id());
        assertThat(clocks.breaches(record)).hasSize(1);
        assertThat(clock(clocks.status(record, sh("2026-03-14T02:20")), ClockKind.RESPONSE).breached()).isTrue();
        assertThat(clock(clocks.status(record, sh("2026-03-14T02:20")), ClockKind.RESOLUTION).breached()).isFalse();
        // stopping a breached clock later records no second breach
        clocks.stop(record, ClockKind.RESPONSE, sh("2026-03-14T02:30"));
        assertThat(clocks.breaches(record)).hasSize(1);
    }

    @Test
    @DisplayName("R-6.1d retarget: new priority's targets from the original start, 24x7 for P1")
    void retargetFromTheOriginalStart() {
        String record = newRecord();
        clocks.start(record, "INCIDENT", "email", "P3", sh("2026-03-10T10:00"));
        List<SlaClockView> views = clocks.retarget(record, "P1", sh("2026-03-10T10:05"));
        SlaClockView response = clock(views, ClockKind.RESPONSE);
        assertThat(response.priority()).isEqualTo(Priority.P1);
        assertThat(response.calendarId()).isEqualTo("24x7");
        assertThat(response.targetMinutes()).isEqualTo(15);
        assertThat(response.dueAt()).isEqualTo(sh("2026-03-10T10:15"));
        assertThat(clock(views, ClockKind.RESOLUTION).dueAt()).isEqualTo(sh("2026-03-10T14:00"));
    }

    @Test
    @DisplayName("R-6.1d retarget keeps the time paused so far; a stopped clock keeps its target")
    void retargetKeepsPausedTimeAndStoppedClocks() {
        String record = newRecord();
        clocks.start(record, "INCIDENT", "email", "P4", sh("2026-03-10T10:00"));
        clocks.stop(record, ClockKind.RESPONSE, sh("2026-03-10T10:30"));
        clocks.pause(record, sh("2026-03-10T11:00"));
        clocks.resume(record, sh("2026-03-10T14:00")); // 1 h + 1 h of business time paused
        List<SlaClockView> views = clocks.retarget(record, "P2", sh("2026-03-10T14:05"));
        SlaClockView resolution = clock(views, ClockKind.RESOLUTION);
        assertThat(resolution.priority()).isEqualTo(Priority.P2);
        assertThat(resolution.pausedMinutes()).isEqualTo(120);
        // 8 h + 2 h from Tue 10:00: Tue 7 h, Wed 09-12
        assertThat(resolution.dueAt()).isEqualTo(sh("2026-03-11T12:00"));
        SlaClockView response = clock(views, ClockKind.RESPONSE);
        assertThat(response.priority()).isEqualTo(Priority.P4);
        assertThat(response.targetMinutes()).isEqualTo(480);
    }

    @Test
    @DisplayName("R-6.1a bad input: unknown service 404 naming the field, unknown priority 400, no SLA 409")
    void badInput() {
        assertThatThrownBy(() -> clocks.start(newRecord(), "INCIDENT", "no-such-service", "P2", Instant.now()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.field()).isEqualTo("serviceId"));
        assertThatThrownBy(() -> clocks.start(newRecord(), "INCIDENT", "email", "P9", Instant.now()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("priority"));
        assertThatThrownBy(() -> clocks.start(" ", "INCIDENT", "email", "P2", Instant.now()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("recordId"));
        assertThatThrownBy(() -> clocks.pause(newRecord(), Instant.now())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> clocks.stop(newRecord(), ClockKind.RESPONSE, Instant.now()))
                .isInstanceOf(NotFoundException.class);
        // an SLA valid only in 2025 is not in force in 2026
        String service = "test-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("insert into service (id, name, owner_group, calendar_id, status) values (?, ?, ?, ?, ?)",
                service, "Test service", "serviceowners", "cn-business", "ACTIVE");
        jdbc.update("insert into sla (id, service_id, name, valid_from, valid_to) values (?, ?, ?, ?, ?)",
                "SLA-" + service, service, "Expired", java.sql.Date.valueOf("2025-01-01"),
                java.sql.Date.valueOf("2025-12-31"));
        assertThatThrownBy(() -> clocks.start(newRecord(), "INCIDENT", service, "P2", sh("2026-03-10T10:00")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("no SLA in force on 2026-03-10");
        assertThat(clocks.status(newRecord(), Instant.now())).isEmpty();
    }

    @Test
    @DisplayName("R-6.1a R-7.2a a customer's own SLA takes precedence over the service's general SLA")
    void customerSlaTakesPrecedence() {
        String service = "test-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("insert into service (id, name, owner_group, calendar_id, status) values (?, ?, ?, ?, ?)",
                service, "Test service", "serviceowners", "cn-business", "ACTIVE");
        jdbc.update("insert into sla (id, service_id, name, valid_from) values (?, ?, ?, ?)",
                "SLA-" + service, service, "General", java.sql.Date.valueOf("2026-01-01"));
        jdbc.update("insert into sla (id, service_id, name, customer_id, calendar_id, warning_percent, valid_from) "
                + "values (?, ?, ?, ?, ?, ?, ?)", "SLA-" + service + "-acme", service, "Acme", "acme", "24x7", 50,
                java.sql.Date.valueOf("2026-01-01"));
        jdbc.update("insert into sla_target (sla_id, priority, response_minutes, resolution_minutes, business_hours) "
                + "values (?, 'P2', 60, 600, true)", "SLA-" + service);
        jdbc.update("insert into sla_target (sla_id, priority, response_minutes, resolution_minutes, business_hours) "
                + "values (?, 'P2', 20, 120, true)", "SLA-" + service + "-acme");

        String forAcme = newRecord();
        SlaClockView acme = clock(clocks.start(forAcme, "INCIDENT", service, "acme", "P2", sh("2026-03-14T10:00")),
                ClockKind.RESPONSE);
        assertThat(acme.slaId()).isEqualTo("SLA-" + service + "-acme");
        assertThat(acme.calendarId()).isEqualTo("24x7"); // the SLA's own calendar overrides the service's
        assertThat(acme.dueAt()).isEqualTo(sh("2026-03-14T10:20"));
        assertThat(acme.warningAt()).isEqualTo(sh("2026-03-14T10:10"));

        String forGlobex = newRecord();
        SlaClockView globex = clock(clocks.start(forGlobex, "INCIDENT", service, "globex", "P2",
                sh("2026-03-14T10:00")), ClockKind.RESPONSE);
        assertThat(globex.slaId()).isEqualTo("SLA-" + service);
        assertThat(globex.dueAt()).isEqualTo(sh("2026-03-16T10:00")); // Saturday: from Monday 09:00

        assertThatThrownBy(() -> clocks.start(newRecord(), "INCIDENT", service, "P1", sh("2026-03-14T10:00")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("no target for priority P1");
    }
}
