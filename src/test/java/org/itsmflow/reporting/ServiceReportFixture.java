package org.itsmflow.reporting;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.cmdb.CiStatus;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.NewCi;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.platform.Jdbc;
import org.itsmflow.servicelevel.ClockKind;
import org.itsmflow.servicelevel.SlaClockService;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A known data set on a service of its own, for exact report figures. The period is October 2026 (UTC); the
 * service counts in the demo calendar {@code cn-business} (Asia/Shanghai, 09:00-12:00 and 13:00-18:00 on working
 * days; 1-7 October National Day holidays; Saturday 10 October a make-up working day). Local time = UTC + 8.
 *
 * <pre>
 * SLA (own): P1 30/240 min around the clock; P2 60/480, P3 240/1440, P4 480/2880 business minutes.
 * Incident A  P1 12 Oct 02:00Z servicedesk, major: response after 20 min (met), resolution after 300 (breach "Vendor fix late")
 * Incident B  P1 13 Oct 02:00Z network: response after 40 (breach "Service desk understaffed"), resolution after 100 (met)
 * Incident C  P2 14 Oct 02:00Z servicedesk: response after 30 (met), resolution after 60 (met)
 * Incident D  P3 15 Oct 02:00Z security, security incident (malware, HIGH): response after 10 (met), resolution open
 * Incident E  P2 29 Sep 02:00Z servicedesk: response after 10 min in September (met; only in the trend)
 *   -> October: response 3 of 4 met (75.0 %), resolution 2 of 3 (66.7 %); P1 response 1/2 = 50.0 %, P1 resolution 50.0 %
 * Outages (unplanned): A 12 Oct 10:00-11:30 local and B 10:30-12:30 local overlap -> 10:00-12:00 working = 120 min;
 *   holiday 5 Oct all day -> 0; make-up Saturday 10 Oct 09:00-10:00 -> 60; Sunday 11 Oct -> 0;
 *   30 Sep 16:00 local - 8 Oct 10:00 local -> only 8 Oct 09:00-10:00 counts = 60. Unplanned total 240 min.
 *   Planned: 13 Oct 10:00-11:00 local = 60 min (reported apart).
 * Agreed time: 18 working days (22 weekdays - 5 holiday weekdays + 1 make-up day) x 480 min = 8640 min.
 *   Availability = (8640 - 240) / 8640 = 97.222 %.
 * Changes (on a CI of the service): "Patch mail relay" CLOSED MINOR; "Patch mail relay" BACKED_OUT MINOR;
 *   "Block attacker address" EMERGENCY IMPLEMENTED -> 3 changes, 1 failed (33.3 %), 1 recurring title, 2 major events.
 * Complaints: 2 (customerrelations). Surveys: scores 5, 4, 1 -> 3 answers, average 3.33, 1 low.
 * Problems: one raised 5 Oct and closed 20 Oct (15.0 days), one raised 25 Oct and open.
 * Improvements: one PROPOSED (open) and one DONE (closed), recorded on 20 Oct.
 * </pre>
 */
final class ServiceReportFixture {

    static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");
    private static final AtomicInteger RUNS = new AtomicInteger();

    final String suffix;
    final String serviceId;
    final String slaId;
    String openImprovement;
    String doneImprovement;

    private final JdbcClient jdbc;
    private final SlaClockService clocks;
    private final ImprovementRegister register;
    private final CmdbService cmdb;
    final String ciId;

    ServiceReportFixture(JdbcClient jdbc, SlaClockService clocks, ImprovementRegister register, CmdbService cmdb) {
        this.jdbc = jdbc;
        this.cmdb = cmdb;
        this.clocks = clocks;
        this.register = register;
        this.suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase(Locale.ROOT)
                + RUNS.incrementAndGet();
        this.serviceId = "rpt" + suffix.toLowerCase(Locale.ROOT);
        this.slaId = "SLA-RPT" + suffix;
        this.ciId = "APP-RPT-" + suffix;
    }

    String id(String letter) {
        return "R" + suffix + letter;
    }

    ServiceReportFixture seed() {
        jdbc.sql("insert into service (id, name, description, owner_group, calendar_id, status) values (?, ?, ?, ?, ?, ?)")
                .params(serviceId, "Report test service " + suffix, "seeded by ServiceReportFixture", "serviceowners",
                        "cn-business", "ACTIVE").update();
        jdbc.sql("insert into sla (id, service_id, name, valid_from, warning_percent, version) values (?, ?, ?, ?, 75, 1)")
                .params(slaId, serviceId, "Report test SLA", java.time.LocalDate.parse("2026-01-01")).update();
        target("P1", 30, 240, false);
        target("P2", 60, 480, true);
        target("P3", 240, 1440, true);
        target("P4", 480, 2880, true);
        // a CI of its own (not yet live, like an application in test) so the demo CMDB's links stay as they are
        cmdb.create(new NewCi(ciId, "Report test application", "APPLICATION", CiStatus.IN_TEST, null, null, null, null),
                "system", "initial load", null);
        cmdb.linkService(ciId, serviceId, "system", "initial load", null);

        incident("A", "P1", "2026-10-12T02:00:00Z", "servicedesk", false, true, "software", "MEDIUM");
        incident("B", "P1", "2026-10-13T02:00:00Z", "network", false, false, "network", "MEDIUM");
        incident("C", "P2", "2026-10-14T02:00:00Z", "servicedesk", false, false, "software", "LOW");
        incident("D", "P3", "2026-10-15T02:00:00Z", "security", true, false, "malware", "HIGH");
        incident("E", "P2", "2026-09-29T02:00:00Z", "servicedesk", false, false, "software", "LOW");

        Instant a = Instant.parse("2026-10-12T02:00:00Z");
        clocks.start(id("A"), "INCIDENT", serviceId, "P1", a);
        clocks.stop(id("A"), ClockKind.RESPONSE, a.plus(20, ChronoUnit.MINUTES));
        clocks.recordBreach(id("A"), ClockKind.RESOLUTION, a.plus(241, ChronoUnit.MINUTES), "Vendor fix late", "tom");
        clocks.stop(id("A"), ClockKind.RESOLUTION, a.plus(300, ChronoUnit.MINUTES));
        Instant b = Instant.parse("2026-10-13T02:00:00Z");
        clocks.start(id("B"), "INCIDENT", serviceId, "P1", b);
        clocks.recordBreach(id("B"), ClockKind.RESPONSE, b.plus(31, ChronoUnit.MINUTES), "Service desk understaffed",
                "system");
        clocks.stop(id("B"), ClockKind.RESPONSE, b.plus(40, ChronoUnit.MINUTES));
        clocks.stop(id("B"), ClockKind.RESOLUTION, b.plus(100, ChronoUnit.MINUTES));
        Instant c = Instant.parse("2026-10-14T02:00:00Z");
        clocks.start(id("C"), "INCIDENT", serviceId, "P2", c);
        clocks.stop(id("C"), ClockKind.RESPONSE, c.plus(30, ChronoUnit.MINUTES));
        clocks.stop(id("C"), ClockKind.RESOLUTION, c.plus(60, ChronoUnit.MINUTES));
        Instant d = Instant.parse("2026-10-15T02:00:00Z");
        clocks.start(id("D"), "INCIDENT", serviceId, "P3", d);
        clocks.stop(id("D"), ClockKind.RESPONSE, d.plus(10, ChronoUnit.MINUTES));
        Instant e = Instant.parse("2026-09-29T02:00:00Z");
        clocks.start(id("E"), "INCIDENT", serviceId, "P2", e);
        clocks.stop(id("E"), ClockKind.RESPONSE, e.plus(10, ChronoUnit.MINUTES));

        outage(id("A"), "2026-10-12T02:00:00Z", "2026-10-12T03:30:00Z", "UNPLANNED");
        outage(id("B"), "2026-10-12T02:30:00Z", "2026-10-12T04:30:00Z", "UNPLANNED");
        outage(id("H"), "2026-10-04T16:00:00Z", "2026-10-05T16:00:00Z", "UNPLANNED");
        outage(id("M"), "2026-10-10T01:00:00Z", "2026-10-10T02:00:00Z", "UNPLANNED");
        outage(id("S"), "2026-10-11T01:00:00Z", "2026-10-11T09:00:00Z", "UNPLANNED");
        outage(id("L"), "2026-09-30T08:00:00Z", "2026-10-08T02:00:00Z", "UNPLANNED");
        outage(id("P"), "2026-10-13T02:00:00Z", "2026-10-13T03:00:00Z", "PLANNED");

        change("1", "Patch mail relay", "NORMAL", "MINOR", "CLOSED", "2026-10-05T02:00:00Z");
        change("2", "Patch mail relay", "NORMAL", "MINOR", "BACKED_OUT", "2026-10-19T02:00:00Z");
        change("3", "Block attacker address", "EMERGENCY", "EMERGENCY", "IMPLEMENTED", "2026-10-15T03:00:00Z");

        complaint("1", "2026-10-16T02:00:00Z");
        complaint("2", "2026-10-17T02:00:00Z");

        survey("1", 5, "2026-10-13T05:00:00Z");
        survey("2", 4, "2026-10-14T05:00:00Z");
        survey("3", 1, "2026-10-15T05:00:00Z");

        jdbc.sql("""
                insert into problem (id, title, service_id, category, impact, urgency, source, status, raised_by,
                    reopen_count, raised_at, closed_at, updated_at)
                values (?, 'Relay crashes', ?, 'software', 'HIGH', 'HIGH', 'MANUAL', 'CLOSED', 'tom', 0, ?, ?, ?)
                """).params(id("Q1"), serviceId, t("2026-10-05T02:00:00Z"), t("2026-10-20T02:00:00Z"),
                        t("2026-10-20T02:00:00Z")).update();
        jdbc.sql("""
                insert into problem (id, title, service_id, category, impact, urgency, source, status, raised_by,
                    reopen_count, raised_at, updated_at)
                values (?, 'Slow mailbox search', ?, 'software', 'LOW', 'LOW', 'MANUAL', 'NEW', 'tom', 0, ?, ?)
                """).params(id("Q2"), serviceId, t("2026-10-25T02:00:00Z"), t("2026-10-25T02:00:00Z")).update();

        ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-10-20T02:00:00Z")));
        try {
            openImprovement = register.add("MANUAL", null, serviceId, "Monitor the relay queue", null, "MEDIUM").id();
            ImprovementItem done = register.add("MANUAL", null, serviceId, "Second relay", null, "HIGH");
            register.assess(done.id(), "Removes the single point of failure", "HIGH", "tom", null);
            register.authorise(done.id(), true, "go");
            register.changeStatus(done.id(), "DONE", "installed");
            doneImprovement = done.id();
        } finally {
            ClockUtil.reset();
        }
        return this;
    }

    private void target(String priority, int response, int resolution, boolean businessHours) {
        jdbc.sql("insert into sla_target (sla_id, priority, response_minutes, resolution_minutes, business_hours) "
                + "values (?, ?, ?, ?, ?)").params(slaId, priority, response, resolution, businessHours).update();
    }

    private void incident(String letter, String priority, String at, String group, boolean security, boolean major,
            String category, String impact) {
        jdbc.sql("""
                insert into incident (id, title, service_id, category, impact, urgency, priority, assignment_group,
                    security_incident, major_incident, status, reported_by, reported_at, reopen_count, updated_at, version)
                values (?, ?, ?, ?, ?, 'MEDIUM', ?, ?, ?, ?, 'IN_PROGRESS', 'kate', ?, 0, ?, 0)
                """).params(id(letter), "Seeded incident " + letter, serviceId, category, impact, priority, group,
                        security, major, t(at), t(at)).update();
    }

    private void outage(String record, String from, String to, String kind) {
        jdbc.sql("insert into service_outage (service_id, record_id, ci_id, started_at, ended_at, kind) "
                + "values (?, ?, ?, ?, ?, ?)").params(serviceId, record, ciId, t(from), t(to), kind).update();
    }

    private void change(String n, String title, String type, String changeClass, String status, String at) {
        String id = id("C" + n);
        jdbc.sql("""
                insert into change_request (id, title, reason, change_type, urgency, requester, planned_start,
                    planned_end, implementation_plan, change_class, status, requested_at, updated_at, version)
                values (?, ?, 'seeded', ?, 'MEDIUM', 'chris', ?, ?, 'seeded', ?, ?, ?, ?, 0)
                """).params(id, title, type, t(at), t(at), changeClass, status, t(at), t(at)).update();
        jdbc.sql("insert into change_ci (change_id, ci_id) values (?, ?)").params(id, ciId).update();
    }

    private void complaint(String n, String at) {
        jdbc.sql("""
                insert into complaint (id, title, description, severity, service_id, raised_by, recorded_by,
                    owner_group, escalation_level, status, raised_at, updated_at, version)
                values (?, 'Seeded complaint', 'seeded', 'MEDIUM', ?, 'kate', 'carla', 'customerrelations', 0,
                    'RECEIVED', ?, ?, 0)
                """).params(id("K" + n), serviceId, t(at), t(at)).update();
    }

    private void survey(String n, int score, String at) {
        jdbc.sql("""
                insert into satisfaction_survey (id, incident_id, subject, service_id, respondent, invited_at,
                    expires_at, answered_at, score)
                values (?, ?, 'Seeded survey', ?, 'kate', ?, ?, ?, ?)
                """).params(id("V" + n), id("I" + n), serviceId, t(at), t("2026-12-31T00:00:00Z"), t(at), score).update();
    }

    private static java.time.OffsetDateTime t(String at) {
        return Jdbc.utc(Instant.parse(at));
    }
}
