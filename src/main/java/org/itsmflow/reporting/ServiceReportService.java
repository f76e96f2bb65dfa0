package org.itsmflow.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeStatus;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.complaint.Complaint;
import org.itsmflow.complaint.ComplaintService;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.problem.Problem;
import org.itsmflow.problem.ProblemService;
import org.itsmflow.problem.ProblemStatus;
import org.itsmflow.release.Release;
import org.itsmflow.release.ReleaseService;
import org.itsmflow.release.ReleaseStatus;
import org.itsmflow.release.ReleaseType;
import org.itsmflow.release.ReleaseView;
import org.itsmflow.satisfaction.SatisfactionService;
import org.itsmflow.satisfaction.SatisfactionSummary;
import org.itsmflow.servicelevel.Availability;
import org.itsmflow.servicelevel.AvailabilityService;
import org.itsmflow.servicelevel.BusinessService;
import org.itsmflow.servicelevel.ClockKind;
import org.itsmflow.servicelevel.Priority;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.itsmflow.servicelevel.ServiceStatus;
import org.itsmflow.servicelevel.SlaFigures;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds service reports from our records through each feature's public services: SLA performance per
 * priority and clock kind (R-6.1d), availability (R-6.3a), non-conformances (SLA breaches with their cause, security
 * incidents), workload (incident, change, release and complaint volumes, per group), major events, trend analyses
 * over the last periods (R-9.2h changes, R-8.3e problems, R-6.6b releases, R-10.1i security incidents), customer
 * satisfaction (R-7.2e) and the improvement register's open and closed items.
 *
 * <p>Attainment = clocks met / clocks stopped in the period, per priority and kind; a clock is met when it was not
 * breached. Percentages carry one decimal, rounded half up. Times are UTC.
 */
@Service
@Transactional(readOnly = true)
public class ServiceReportService {

    /** The id that stands for "all services" in report addresses. */
    public static final String ALL = "all";
    static final int MAX_TREND_PERIODS = 24;
    static final String PURPOSE = "Shows how the service performed in the period against its service level targets "
            + "and what needs a decision: SLA attainment, availability, non-conformances, workload, major events, "
            + "trends and customer satisfaction, so that the service owner can decide on corrective actions and "
            + "improvements (ISO/IEC 20000-1 clause 6.2).";
    static final String AUDIENCE = "Service owner and service management (serviceowners), process managers (change, "
            + "release, major incident, customer relations), internal and external auditors; customers in service "
            + "reviews.";
    static final List<String> DATA_SOURCES = List.of(
            "Service catalogue, SLAs and business calendars (service level management)",
            "SLA clocks and breach records of incidents (sla_clock, sla_breach)",
            "Outage records written by incidents (service_outage)",
            "Incident records (incident), problem records (problem), change records (change_request, change_ci)",
            "Complaints (complaint) and satisfaction surveys (satisfaction_survey)",
            "Service improvement register (improvement_item)",
            "Release records, their waves and post-release watch (release_record)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final ServiceCatalog catalog;
    private final SlaFigures sla;
    private final AvailabilityService availability;
    private final IncidentService incidents;
    private final ChangeService changes;
    private final CmdbService cmdb;
    private final ComplaintService complaints;
    private final ProblemService problems;
    private final SatisfactionService satisfaction;
    private final ImprovementRegister improvements;
    private final ReleaseService releases;

    ServiceReportService(ServiceCatalog catalog, SlaFigures sla, AvailabilityService availability,
            IncidentService incidents, ChangeService changes, CmdbService cmdb, ComplaintService complaints,
            ProblemService problems, SatisfactionService satisfaction, ImprovementRegister improvements,
            ReleaseService releases) {
        this.catalog = catalog;
        this.sla = sla;
        this.availability = availability;
        this.incidents = incidents;
        this.changes = changes;
        this.cmdb = cmdb;
        this.complaints = complaints;
        this.problems = problems;
        this.satisfaction = satisfaction;
        this.improvements = improvements;
        this.releases = releases;
    }

    /**
     * The report of one service ({@code serviceId}) or of all ({@value #ALL} or null) for {@code [from, to)}, with
     * trends over {@code trendPeriods} periods of the same length ending with this one.
     *
     * @throws org.itsmflow.platform.NotFoundException for an unknown service
     */
    public ServiceReport report(String serviceId, Instant from, Instant to, int trendPeriods, String reportId) {
        new ReportPeriod(from, to);
        if (trendPeriods < 1 || trendPeriods > MAX_TREND_PERIODS) {
            throw new InvalidFieldException("periods", "must be between 1 and " + MAX_TREND_PERIODS);
        }
        String service = ALL.equals(serviceId) ? null : serviceId;
        BusinessService bs = service == null ? null : catalog.require(service, null);
        Figures f = figures(service, from, to);
        List<ReportSection> sections = new ArrayList<>();
        sections.add(slaSection(f));
        sections.add(availabilitySection(bs, from, to));
        sections.add(nonConformanceSection(f));
        sections.add(workloadSection(f));
        sections.add(majorEventsSection(f));
        sections.add(trendSection(service, from, to, trendPeriods));
        sections.add(changeAnalysisSection(f));
        sections.add(problemSection(f));
        sections.add(securitySection(f));
        sections.add(satisfactionSection(f));
        sections.add(improvementSection(f));
        sections.add(releaseSection(f));
        String name = bs == null ? "All services" : bs.name();
        String title = "Service report: " + name + ", " + periodLabel(from, to);
        return new ServiceReport(reportId, title, service, name, from, to, now(), PURPOSE, AUDIENCE, DATA_SOURCES,
                sections);
    }

    /** Trend figures of the last {@code periods} months up to the last full month (JSON at /api/reports/trends). */
    public ReportTable trends(String serviceId, Instant from, Instant to, int periods) {
        new ReportPeriod(from, to);
        if (periods < 1 || periods > MAX_TREND_PERIODS) {
            throw new InvalidFieldException("periods", "must be between 1 and " + MAX_TREND_PERIODS);
        }
        String service = ALL.equals(serviceId) ? null : serviceId;
        if (service != null) {
            catalog.require(service, null);
        }
        return trendTable(service, from, to, periods);
    }

    // ---------------------------------------------------------------------------------------------- figures

    /** Everything one period's report needs, read once. */
    record Figures(String serviceId, Instant from, Instant to, List<SlaFigures.ClockOutcome> clocks,
            List<SlaFigures.BreachRecord> breaches, List<Incident> incidents, List<Change> changes,
            List<Complaint> complaints, List<Problem> problems, List<SatisfactionSummary> satisfaction,
            List<ImprovementItem> improvements, List<ReleaseView> releases) {
    }

    Figures figures(String serviceId, Instant from, Instant to) {
        List<Change> periodChanges = changesOf(serviceId, from, to);
        List<SatisfactionSummary> sat = satisfaction.summary(from, to).stream()
                .filter(s -> serviceId == null || serviceId.equals(s.serviceId())).toList();
        return new Figures(serviceId, from, to, sla.stoppedBetween(serviceId, from, to),
                sla.breachesBetween(serviceId, from, to), incidents.reportedBetween(serviceId, from, to),
                periodChanges, complaints.raisedBetween(serviceId, from, to),
                problems.activeBetween(serviceId, from, to), sat, improvements.relevantTo(serviceId, from, to),
                releasesOf(serviceId, from, to));
    }

    /** Releases planned in the period; for one service, those whose CIs support it. */
    private List<ReleaseView> releasesOf(String serviceId, Instant from, Instant to) {
        List<ReleaseView> all = releases.releasesIn(from, to);
        if (serviceId == null) {
            return all;
        }
        return all.stream().filter(r -> cmdb.servicesOf(r.ciIds()).contains(serviceId)).toList();
    }

    /** Changes requested in the period; for one service, those whose CIs support it. */
    private List<Change> changesOf(String serviceId, Instant from, Instant to) {
        List<Change> all = changes.requestedBetween(from, to);
        if (serviceId == null || all.isEmpty()) {
            return all;
        }
        Map<String, List<String>> cis = changes.ciIdsOf(all.stream().map(Change::id).toList());
        return all.stream().filter(c -> cmdb.servicesOf(cis.getOrDefault(c.id(), List.of())).contains(serviceId))
                .toList();
    }

    // ---------------------------------------------------------------------------------------------- sections

    private ReportSection slaSection(Figures f) {
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        List<String> categories = new ArrayList<>();
        for (ClockKind kind : ClockKind.values()) {
            series.put(label(kind) + " attainment %", new ArrayList<>());
        }
        for (Priority p : Priority.values()) {
            categories.add(p.name());
            for (ClockKind kind : ClockKind.values()) {
                List<SlaFigures.ClockOutcome> stopped = f.clocks().stream()
                        .filter(c -> c.priority() == p && c.kind() == kind).toList();
                long met = stopped.stream().filter(SlaFigures.ClockOutcome::met).count();
                rows.add(List.of(p.name() + " " + label(kind), p.name(), label(kind), str(stopped.size()), str(met),
                        str(stopped.size() - met), percent(met, stopped.size())));
                series.get(label(kind) + " attainment %").add(stopped.isEmpty() ? null : 100.0 * met / stopped.size());
            }
        }
        long total = f.clocks().size();
        long met = f.clocks().stream().filter(SlaFigures.ClockOutcome::met).count();
        String text = total == 0 ? "No SLA clock stopped in the period."
                : met + " of " + total + " SLA targets met (" + percent(met, total) + " %). Attainment = clocks met "
                        + "/ clocks stopped in the period, per priority and kind (response, resolution).";
        return new ReportSection("sla", "Performance against SLA targets", text,
                List.of(new ReportChart("attainment", "SLA attainment per priority", "BAR", "% met", categories,
                        series)),
                List.of(new ReportTable("attainment", "SLA attainment per priority and target",
                        List.of("Target", "Priority", "Kind", "Stopped", "Met", "Breached", "Attainment %"), rows)));
    }

    private ReportSection availabilitySection(BusinessService service, Instant from, Instant to) {
        List<BusinessService> services = service != null ? List.of(service)
                : catalog.findAll().stream().filter(s -> s.status() != ServiceStatus.RETIRED).toList();
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> outageRows = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (BusinessService s : services) {
            Availability a = availability.of(s.id(), from, to);
            rows.add(List.of(s.id(), s.name(), a.calendarId(), str(a.agreedMinutes()), str(a.unplannedDowntimeMinutes()),
                    str(a.plannedDowntimeMinutes()), a.availabilityPercent() == null ? "-"
                            : a.availabilityPercent().toPlainString()));
            categories.add(s.id());
            values.add(a.availabilityPercent() == null ? null : a.availabilityPercent().doubleValue());
            for (Availability.OutageInPeriod o : a.outages()) {
                outageRows.add(List.of(s.id(), o.recordId(), nz(o.ciId()), o.kind(), time(o.startedAt()),
                        o.endedAt() == null ? "open" : time(o.endedAt()), str(o.downtimeMinutes())));
            }
        }
        String text = "Availability = (agreed service time - unplanned outage time inside it) / agreed service time. "
                + "Agreed service time is the working time of the service's SLA calendar (working hours, holidays, "
                + "make-up working days); outage times come from the outage records that incidents wrote.";
        return new ReportSection("availability", "Availability", text,
                List.of(new ReportChart("availability", "Availability per service", "BAR", "% available", categories,
                        Map.of("Availability %", values))),
                List.of(new ReportTable("availability", "Availability per service",
                        List.of("Service", "Name", "Calendar", "Agreed minutes", "Unplanned downtime minutes",
                                "Planned downtime minutes", "Availability %"), rows),
                        new ReportTable("outages", "Outages in the period",
                                List.of("Service", "Record", "CI", "Kind", "Started", "Ended", "Downtime minutes"),
                                outageRows)));
    }

    private ReportSection nonConformanceSection(Figures f) {
        List<List<String>> rows = f.breaches().stream().map(b -> List.of(b.recordId(), b.serviceId(),
                b.priority().name(), label(b.kind()), time(b.dueAt()), time(b.breachedAt()), nz(b.cause()),
                nz(b.recordedBy()))).toList();
        List<Incident> security = f.incidents().stream().filter(Incident::securityIncident).toList();
        List<List<String>> secRows = security.stream().map(i -> List.of(i.id(), nz(i.serviceId()), i.title(),
                nz(i.category()), nz(i.impact()), nz(i.priority()), i.status().name(), time(i.reportedAt()))).toList();
        String text = f.breaches().size() + " SLA breach(es) and " + security.size() + " security incident(s) in the "
                + "period.";
        return new ReportSection("nonconformances", "Non-conformances", text, List.of(),
                List.of(new ReportTable("breaches", "SLA breaches with their cause",
                        List.of("Record", "Service", "Priority", "Target", "Due", "Breached", "Cause", "Recorded by"),
                        rows),
                        new ReportTable("security-incidents", "Security incidents",
                                List.of("Incident", "Service", "Title", "Category", "Impact", "Priority", "Status",
                                        "Reported"), secRows)));
    }

    private ReportSection workloadSection(Figures f) {
        List<List<String>> volumes = List.of(
                List.of("Incidents", str(f.incidents().size())),
                List.of("Changes", str(f.changes().size())),
                List.of("Releases", str(f.releases().size())),
                List.of("Complaints", str(f.complaints().size())),
                List.of("Problems raised", str(f.problems().stream().filter(p -> in(p.raisedAt(), f)).count())));
        Map<String, Long> byGroup = new TreeMap<>(f.incidents().stream()
                .collect(Collectors.groupingBy(i -> nz(i.assignmentGroup()), Collectors.counting())));
        Map<String, Long> complaintsByGroup = new TreeMap<>(f.complaints().stream()
                .collect(Collectors.groupingBy(c -> nz(c.ownerGroup()), Collectors.counting())));
        Map<String, long[]> groups = new TreeMap<>();
        byGroup.forEach((g, n) -> groups.computeIfAbsent(g, k -> new long[2])[0] = n);
        complaintsByGroup.forEach((g, n) -> groups.computeIfAbsent(g, k -> new long[2])[1] = n);
        List<List<String>> groupRows = new ArrayList<>();
        List<Double> incidentSeries = new ArrayList<>();
        groups.forEach((g, n) -> {
            groupRows.add(List.of(g, str(n[0]), str(n[1])));
            incidentSeries.add((double) n[0]);
        });
        return new ReportSection("workload", "Workload",
                f.incidents().size() + " incidents, " + f.changes().size() + " changes, " + f.releases().size()
                        + " releases, " + f.complaints().size() + " complaints in the period.",
                List.of(new ReportChart("workload-groups", "Incidents per assignment group", "BAR", "incidents",
                        new ArrayList<>(groups.keySet()), Map.of("Incidents", incidentSeries))),
                List.of(new ReportTable("workload", "Volumes", List.of("Records", "Count"), volumes),
                        new ReportTable("workload-groups", "Workload per group",
                                List.of("Group", "Incidents", "Complaints"), groupRows)));
    }

    private ReportSection majorEventsSection(Figures f) {
        List<List<String>> majors = f.incidents().stream().filter(Incident::majorIncident)
                .map(i -> List.of(i.id(), nz(i.serviceId()), i.title(), nz(i.priority()), i.status().name(),
                        time(i.reportedAt()), i.resolvedAt() == null ? "" : time(i.resolvedAt()),
                        i.resolvedAt() == null ? "" : str(Duration.between(i.reportedAt(), i.resolvedAt()).toMinutes())))
                .toList();
        List<List<String>> bigChanges = f.changes().stream().filter(ServiceReportService::majorChange)
                .map(c -> List.of(c.id(), c.title(), c.changeType().name(), nz(c.changeClass()), c.status().name(),
                        c.implementedAt() == null ? "" : time(c.implementedAt()), nz(c.reviewOutcome()))).toList();
        List<List<String>> bigReleases = f.releases().stream().map(ReleaseView::release)
                .filter(ServiceReportService::majorRelease)
                .map(r -> List.of(r.id(), r.title(), r.releaseType().name(), r.status().name(), nz(r.outcome()),
                        r.deployedAt() == null ? "" : time(r.deployedAt()), nz(r.rollbackReason()))).toList();
        return new ReportSection("major-events", "Major events",
                majors.size() + " major incident(s); " + bigChanges.size() + " major, emergency or failed change(s); "
                        + bigReleases.size() + " major, emergency, failed or rolled-back release(s).",
                List.of(),
                List.of(new ReportTable("major-incidents", "Major incidents",
                        List.of("Incident", "Service", "Title", "Priority", "Status", "Reported", "Resolved",
                                "Minutes to resolve"), majors),
                        new ReportTable("major-changes", "Major, emergency and failed changes",
                                List.of("Change", "Title", "Type", "Class", "Status", "Implemented", "Review"),
                                bigChanges),
                        new ReportTable("major-releases", "Major, emergency, failed and rolled-back releases",
                                List.of("Release", "Title", "Type", "Status", "Outcome", "Deployed",
                                        "Rollback reason"), bigReleases)));
    }

    private ReportSection trendSection(String serviceId, Instant from, Instant to, int periods) {
        ReportTable table = trendTable(serviceId, from, to, periods);
        List<String> categories = table.rows().stream().map(r -> r.get(0)).toList();
        Map<String, List<Double>> volumes = new LinkedHashMap<>();
        for (String column : List.of("Incidents", "Changes", "Complaints", "SLA breaches")) {
            int c = table.columns().indexOf(column);
            volumes.put(column, table.rows().stream().map(r -> number(r.get(c))).toList());
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (String column : List.of("Response attainment %", "Resolution attainment %")) {
            int c = table.columns().indexOf(column);
            rates.put(column, table.rows().stream().map(r -> number(r.get(c))).toList());
        }
        return new ReportSection("trends", "Trends over the last " + periods + " periods",
                "Volumes and SLA attainment per period, oldest first; the last period is this report's.",
                List.of(new ReportChart("trend-volumes", "Volumes per period", "LINE", "records", categories, volumes),
                        new ReportChart("trend-attainment", "SLA attainment per period", "LINE", "% met", categories,
                                rates)),
                List.of(table));
    }

    ReportTable trendTable(String serviceId, Instant from, Instant to, int periods) {
        List<List<String>> rows = new ArrayList<>();
        for (Instant[] p : periodsBack(from, to, periods)) {
            List<SlaFigures.ClockOutcome> clocks = sla.stoppedBetween(serviceId, p[0], p[1]);
            List<Change> cs = changesOf(serviceId, p[0], p[1]);
            rows.add(List.of(periodLabel(p[0], p[1]),
                    str(incidents.reportedBetween(serviceId, p[0], p[1]).size()),
                    str(cs.size()),
                    str(cs.stream().filter(ServiceReportService::failed).count()),
                    str(complaints.raisedBetween(serviceId, p[0], p[1]).size()),
                    str(sla.breachesBetween(serviceId, p[0], p[1]).size()),
                    attainment(clocks, ClockKind.RESPONSE), attainment(clocks, ClockKind.RESOLUTION)));
        }
        return new ReportTable("trends", "Trends per period", List.of("Period", "Incidents", "Changes",
                "Failed changes", "Complaints", "SLA breaches", "Response attainment %", "Resolution attainment %"),
                rows);
    }

    private ReportSection changeAnalysisSection(Figures f) {
        List<Change> cs = f.changes();
        Map<String, Long> byClass = count(cs, c -> nz(c.changeClass()));
        Map<String, Long> byType = count(cs, c -> c.changeType().name());
        long failed = cs.stream().filter(ServiceReportService::failed).count();
        Map<String, Long> titles = count(cs, c -> c.title().strip().toLowerCase(Locale.ROOT));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Volume", "all", str(cs.size())));
        byType.forEach((t, n) -> rows.add(List.of("Type", t, str(n))));
        byClass.forEach((t, n) -> rows.add(List.of("Class", t, str(n))));
        rows.add(List.of("Failed or backed out", "FAILED, BACKED_OUT", str(failed)));
        rows.add(List.of("Rejected", "REJECTED", str(cs.stream().filter(c -> c.status() == ChangeStatus.REJECTED).count())));
        titles.forEach((t, n) -> {
            if (n > 1) {
                rows.add(List.of("Recurring", t, str(n)));
            }
        });
        return new ReportSection("change-analysis", "Change analysis (R-9.2h)",
                cs.size() + " change(s) requested, " + failed + " failed or backed out (" + percent(failed, cs.size())
                        + " %). Recurring: changes with the same title requested more than once.",
                List.of(), List.of(new ReportTable("change-analysis", "Changes by type, class and outcome",
                        List.of("Figure", "Value", "Count"), rows)));
    }

    private ReportSection problemSection(Figures f) {
        List<Problem> raised = f.problems().stream().filter(p -> in(p.raisedAt(), f)).toList();
        List<Problem> closed = f.problems().stream().filter(p -> p.status() == ProblemStatus.CLOSED
                && p.closedAt() != null && in(p.closedAt(), f)).toList();
        long knownErrors = f.problems().stream().filter(p -> p.knownErrorId() != null).count();
        long reopened = f.problems().stream().filter(p -> p.reopenCount() > 0).count();
        String meanDays = closed.isEmpty() ? "-" : BigDecimal.valueOf(closed.stream()
                .mapToLong(p -> Duration.between(p.raisedAt(), p.closedAt()).toMinutes()).sum())
                .divide(BigDecimal.valueOf(closed.size() * 1440L), 1, RoundingMode.HALF_UP).toPlainString();
        List<List<String>> rows = List.of(List.of("Problems raised", str(raised.size())),
                List.of("Problems closed", str(closed.size())), List.of("With a known error", str(knownErrors)),
                List.of("Reopened (recurred after the fix)", str(reopened)),
                List.of("Mean days from raised to closed", meanDays),
                List.of("Closed without recurrence %", percent(closed.stream().filter(p -> p.reopenCount() == 0).count(),
                        closed.size())));
        return new ReportSection("problems", "Problem resolution effectiveness (R-8.3e)",
                raised.size() + " problem(s) raised and " + closed.size() + " closed in the period.", List.of(),
                List.of(new ReportTable("problems", "Problem resolution", List.of("Figure", "Value"), rows)));
    }

    private ReportSection securitySection(Figures f) {
        List<Incident> security = f.incidents().stream().filter(Incident::securityIncident).toList();
        List<List<String>> rows = new ArrayList<>();
        count(security, i -> nz(i.category())).forEach((c, n) -> rows.add(List.of("Type", c, str(n))));
        count(security, i -> nz(i.impact())).forEach((c, n) -> rows.add(List.of("Impact", c, str(n))));
        rows.add(0, List.of("Volume", "all", str(security.size())));
        return new ReportSection("security", "Security incidents by type, volume and impact (R-10.1i)",
                security.size() + " security incident(s) in the period.", List.of(),
                List.of(new ReportTable("security-analysis", "Security incidents by type and impact",
                        List.of("Figure", "Value", "Count"), rows)));
    }

    private ReportSection satisfactionSection(Figures f) {
        int answers = f.satisfaction().stream().mapToInt(SatisfactionSummary::answers).sum();
        int low = f.satisfaction().stream().mapToInt(SatisfactionSummary::lowScores).sum();
        BigDecimal sum = f.satisfaction().stream().map(s -> s.averageScore().multiply(BigDecimal.valueOf(s.answers())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        String average = answers == 0 ? "-" : sum.divide(BigDecimal.valueOf(answers), 2, RoundingMode.HALF_UP)
                .toPlainString();
        List<List<String>> rows = f.satisfaction().stream().map(s -> List.of(s.serviceId(), nz(s.customerId()),
                str(s.answers()), s.averageScore().toPlainString(), str(s.lowScores()))).toList();
        return new ReportSection("satisfaction", "Customer satisfaction (R-7.2e)",
                answers == 0 ? "No survey answered in the period."
                        : answers + " survey answer(s), average score " + average + " of 5, " + low + " low score(s) "
                                + "(2 or less), each followed up by customer relations.",
                List.of(), List.of(new ReportTable("satisfaction", "Survey answers per service and customer",
                        List.of("Service", "Customer", "Answers", "Average score", "Low scores"), rows)));
    }

    private ReportSection improvementSection(Figures f) {
        List<List<String>> rows = f.improvements().stream().map(i -> List.of(i.id(), i.source(), nz(i.sourceRef()),
                i.title(), i.priority(), i.status(), i.closed() ? "closed" : "open", nz(i.owner()),
                i.targetDate() == null ? "" : i.targetDate().toString())).toList();
        long open = f.improvements().stream().filter(i -> !i.closed()).count();
        return new ReportSection("improvements", "Service improvement register (R-4.4)",
                open + " open and " + (f.improvements().size() - open) + " closed improvement item(s) of the period.",
                List.of(), List.of(new ReportTable("improvements", "Improvement items, open and closed",
                        List.of("Item", "Source", "Raised by", "Title", "Priority", "Status", "Open/closed", "Owner",
                                "Target date"), rows)));
    }

    /**
     * Releases of the period (R-10.1i): volumes by type, outcome after the post-release watch (successful, failed,
     * rolled back, failed acceptance, rejected) and the incidents counted on the released CIs in the watch period.
     */
    private ReportSection releaseSection(Figures f) {
        List<Release> list = f.releases().stream().map(ReleaseView::release).toList();
        Map<String, Long> byType = new TreeMap<>(list.stream()
                .collect(Collectors.groupingBy(r -> r.releaseType().name(), Collectors.counting())));
        Map<String, Long> byOutcome = new TreeMap<>(list.stream()
                .collect(Collectors.groupingBy(r -> r.outcome() == null ? "IN PROGRESS" : r.outcome(),
                        Collectors.counting())));
        long measured = list.stream().filter(r -> r.incidentCount() != null).count();
        long incidentsAfter = list.stream().filter(r -> r.incidentCount() != null).mapToLong(Release::incidentCount)
                .sum();
        List<List<String>> rows = list.stream().map(r -> List.of(r.id(), r.title(), r.releaseType().name(),
                r.status().name(), nz(r.outcome()), r.deployedAt() == null ? "" : time(r.deployedAt()),
                r.incidentCount() == null ? "" : str(r.incidentCount()),
                r.incidentThreshold() == null ? "" : str(r.incidentThreshold()))).toList();
        List<List<String>> outcomeRows = byOutcome.entrySet().stream()
                .map(e -> List.of(e.getKey(), str(e.getValue()))).toList();
        String text = list.size() + " release(s) planned in the period (" + byType.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")) + "); " + measured + " measured after their watch period, with "
                + incidentsAfter + " incident(s) on the released CIs.";
        List<ReportChart> charts = byOutcome.isEmpty() ? List.of()
                : List.of(new ReportChart("release-outcomes", "Releases by outcome", "BAR", "releases",
                        new ArrayList<>(byOutcome.keySet()),
                        Map.of("Releases", byOutcome.values().stream().map(Long::doubleValue).toList())));
        return new ReportSection("releases", "Releases (R-10.1i)", text, charts,
                List.of(new ReportTable("releases", "Releases",
                        List.of("Release", "Title", "Type", "Status", "Outcome", "Deployed", "Post-release incidents",
                                "Incidents allowed"), rows),
                        new ReportTable("release-outcomes", "Releases by outcome", List.of("Outcome", "Releases"),
                                outcomeRows)));
    }

    private static boolean majorRelease(Release r) {
        return r.releaseType() == ReleaseType.MAJOR || r.releaseType() == ReleaseType.EMERGENCY
                || r.status() == ReleaseStatus.ROLLED_BACK || r.status() == ReleaseStatus.FAILED
                || r.status() == ReleaseStatus.TEST_FAILED;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** {@code n} periods of the report's length ending with [from, to); calendar months when it is one. */
    static List<Instant[]> periodsBack(Instant from, Instant to, int n) {
        List<Instant[]> out = new ArrayList<>();
        LocalDate a = LocalDate.ofInstant(from, ZoneOffset.UTC);
        boolean month = a.getDayOfMonth() == 1 && from.equals(a.atStartOfDay().toInstant(ZoneOffset.UTC))
                && to.equals(a.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        for (int k = n - 1; k >= 0; k--) {
            if (month) {
                YearMonth ym = YearMonth.from(a).minusMonths(k);
                out.add(new Instant[] {ym.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                        ym.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)});
            } else {
                Duration len = Duration.between(from, to);
                out.add(new Instant[] {from.minus(len.multipliedBy(k)), to.minus(len.multipliedBy(k))});
            }
        }
        return out;
    }

    static String periodLabel(Instant from, Instant to) {
        LocalDate a = LocalDate.ofInstant(from, ZoneOffset.UTC);
        if (a.getDayOfMonth() == 1 && from.equals(a.atStartOfDay().toInstant(ZoneOffset.UTC))
                && to.equals(a.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC))) {
            return YearMonth.from(a).toString();
        }
        return DAY.format(from) + " to " + DAY.format(to.minusSeconds(1));
    }

    private static String attainment(List<SlaFigures.ClockOutcome> clocks, ClockKind kind) {
        List<SlaFigures.ClockOutcome> k = clocks.stream().filter(c -> c.kind() == kind).toList();
        return percent(k.stream().filter(SlaFigures.ClockOutcome::met).count(), k.size());
    }

    static boolean failed(Change c) {
        return c.status() == ChangeStatus.FAILED || c.status() == ChangeStatus.BACKED_OUT
                || "BACKED_OUT".equals(c.reviewOutcome()) || "FAILED".equals(c.reviewOutcome());
    }

    private static boolean majorChange(Change c) {
        return "MAJOR".equals(c.changeClass()) || "EMERGENCY".equals(c.changeClass())
                || c.changeType() == org.itsmflow.change.ChangeType.EMERGENCY || failed(c);
    }

    private static boolean in(Instant at, Figures f) {
        return at != null && !at.isBefore(f.from()) && at.isBefore(f.to());
    }

    private static <T> Map<String, Long> count(Collection<T> items, Function<T, String> key) {
        return new TreeMap<>(items.stream().collect(Collectors.groupingBy(key, Collectors.counting())));
    }

    /** {@code part / whole} in percent with one decimal, half up; "-" for nothing to divide by. */
    static String percent(long part, long whole) {
        if (whole == 0) {
            return "-";
        }
        return BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP)
                .toPlainString();
    }

    private static Double number(String s) {
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String label(ClockKind kind) {
        return kind == ClockKind.RESPONSE ? "Response" : "Resolution";
    }

    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    private static String str(long n) {
        return Long.toString(n);
    }

    private static String nz(String s) {
        return Objects.requireNonNullElse(s, "");
    }

    private static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
