package org.itsmflow.reporting;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.servicelevel.BusinessService;
import org.itsmflow.servicelevel.OutageInvestigations;
import org.itsmflow.servicelevel.OutageService;
import org.itsmflow.servicelevel.PeriodParams;
import org.itsmflow.servicelevel.Priority;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.itsmflow.servicelevel.ServiceStatus;
import org.itsmflow.servicelevel.SlaFigures;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The monthly run of {@code bpmn/ServiceReporting.bpmn} (R-6.2, R-6.3a, R-4.4): for the last full month it generates
 * one report per active service and one for all services, each handed to the service owners for review; opens an
 * investigation for every unplanned outage that ended in the month; and feeds the service improvement register with
 * one SLA_BREACH item per service that breached SLA targets in the month (one item per service and month, with the
 * count and the records, rather than one per breach, so that the register holds decisions to take and not noise;
 * HIGH when a P1 or P2 target was breached) and one CHANGE_REVIEW item per failed or backed-out change. Each feeder is
 * idempotent, so running a month again adds nothing twice.
 */
@Service
public class ServiceReporting {

    public static final String PROCESS_KEY = "ServiceReporting";
    static final String REPORT_DUE = "ServiceReportDue";
    static final String INVESTIGATION_DUE = "OutageInvestigationDue";
    static final String ALL_OWNERS = "serviceowners";

    /** What one run did. */
    public record Run(Instant from, Instant to, List<String> reportIds, List<Long> investigatedOutages,
            List<String> improvementIds) {
    }

    private final ServiceCatalog catalog;
    private final ServiceReportRecords records;
    private final SlaFigures sla;
    private final ChangeService changes;
    private final CmdbService cmdb;
    private final ImprovementRegister improvements;
    private final OutageInvestigations investigations;
    private final RuntimeService runtime;
    private final EngineUser engineUser;

    ServiceReporting(ServiceCatalog catalog, ServiceReportRecords records, SlaFigures sla, ChangeService changes,
            CmdbService cmdb, ImprovementRegister improvements, OutageInvestigations investigations,
            RuntimeService runtime, EngineUser engineUser) {
        this.catalog = catalog;
        this.records = records;
        this.sla = sla;
        this.changes = changes;
        this.cmdb = cmdb;
        this.improvements = improvements;
        this.investigations = investigations;
        this.runtime = runtime;
        this.engineUser = engineUser;
    }

    /** The timer fired: the last full month before now (engine clock). */
    @Transactional
    public Run runLastMonth() {
        Instant[] period = PeriodParams.parse(null, null, ClockUtil.getCurrentTime().toInstant());
        return run(period[0], period[1]);
    }

    @Transactional
    public Run run(Instant from, Instant to) {
        new ReportPeriod(from, to);
        List<String> reportIds = new ArrayList<>();
        List<BusinessService> services = catalog.findAll().stream().filter(s -> s.status() != ServiceStatus.RETIRED)
                .toList();
        for (BusinessService s : services) {
            reportIds.add(startReview(records.generate(s.id(), from, to), s.name(), s.ownerGroup()).id());
        }
        reportIds.add(startReview(records.generate(null, from, to), "All services", ALL_OWNERS).id());
        List<String> items = new ArrayList<>();
        String month = label(from, to);
        for (BusinessService s : services) {
            slaBreachItem(s, from, to, month).ifPresent(i -> items.add(i.id()));
        }
        for (Change c : changes.requestedBetween(from, to)) {
            if (ServiceReportService.failed(c) && improvements.fromSource("CHANGE_REVIEW", c.id()).isEmpty()) {
                List<String> ci = changes.ciIdsOf(List.of(c.id())).getOrDefault(c.id(), List.of());
                List<String> affected = cmdb.servicesOf(ci);
                items.add(improvements.add("CHANGE_REVIEW", c.id(), affected.isEmpty() ? null : affected.get(0),
                        "Learn from failed change " + c.id() + ": " + c.title(),
                        "The change ended " + c.status() + (c.backoutNote() == null ? "" : "; backout: "
                                + c.backoutNote()) + (c.lessonsLearned() == null ? "" : "; lessons learned: "
                                + c.lessonsLearned()) + ". Analyse why it failed and how similar changes can succeed.",
                        "MEDIUM").id());
            }
        }
        List<Long> outages = new ArrayList<>();
        for (OutageService.Outage o : investigations.uninvestigated(from, to)) {
            startInvestigation(o);
            outages.add(o.id());
        }
        return new Run(from, to, reportIds, outages, items);
    }

    private java.util.Optional<ImprovementItem> slaBreachItem(BusinessService s, Instant from, Instant to,
            String month) {
        List<SlaFigures.BreachRecord> breaches = sla.breachesBetween(s.id(), from, to);
        String ref = s.id() + "@" + month;
        if (breaches.isEmpty() || !improvements.fromSource("SLA_BREACH", ref).isEmpty()) {
            return java.util.Optional.empty();
        }
        boolean urgent = breaches.stream().anyMatch(b -> b.priority() == Priority.P1 || b.priority() == Priority.P2);
        String recordsText = String.join(", ", breaches.stream().map(b -> b.recordId() + " " + b.priority() + " "
                + b.kind().name().toLowerCase()).distinct().limit(30).toList());
        return java.util.Optional.of(improvements.add("SLA_BREACH", ref, s.id(),
                breaches.size() + " SLA breach(es) on " + s.name() + " in " + month,
                "Breached targets: " + recordsText + ". Find the common causes and what would prevent them.",
                urgent ? "HIGH" : "MEDIUM"));
    }

    /** Starts the review path of the process for a stored report (candidate group: the service's owners). */
    @Transactional
    public StoredReport startReview(StoredReport report, String serviceName, String ownerGroup) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(ReportingVariables.REPORT_ID, report.id());
        v.put(ReportingVariables.OWNER_GROUP, ownerGroup == null ? ALL_OWNERS : ownerGroup);
        v.put("serviceName", serviceName);
        v.put("period", label(report.periodFrom(), report.periodTo()));
        v.put("reportLink", report.link());
        v.put("reportSummary", report.summary());
        ProcessInstance pi = engineUser.asSystem(() -> runtime.startProcessInstanceByMessage(REPORT_DUE, report.id(), v));
        records.setProcessInstance(report.id(), pi.getId());
        return records.require(report.id());
    }

    /** Opens the investigation of an unplanned outage and starts its task for the service's owners. */
    @Transactional
    public OutageInvestigations.Investigation startInvestigation(OutageService.Outage o) {
        OutageInvestigations.Investigation inv = investigations.open(o.id(), ClockUtil.getCurrentTime().toInstant());
        if (inv.processInstanceId() != null) {
            return inv;
        }
        BusinessService s = catalog.require(o.serviceId(), null);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(ReportingVariables.OUTAGE_ID, o.id());
        v.put(ReportingVariables.OWNER_GROUP, s.ownerGroup() == null ? ALL_OWNERS : s.ownerGroup());
        v.put("serviceId", s.id());
        v.put("serviceName", s.name());
        v.put("recordId", o.recordId());
        v.put("outage", "Service " + s.name() + " unavailable from " + ServiceReportService.time(o.startedAt())
                + " to " + ServiceReportService.time(o.endedAt()) + ", caused by " + o.recordId()
                + (o.ciId() == null ? "" : " on CI " + o.ciId()));
        ProcessInstance pi = engineUser.asSystem(() -> runtime.startProcessInstanceByMessage(INVESTIGATION_DUE,
                "OUT-" + o.id(), v));
        investigations.setProcessInstance(o.id(), pi.getId());
        return investigations.find(o.id()).orElseThrow();
    }

    static String label(Instant from, Instant to) {
        return ServiceReportService.periodLabel(from, to);
    }

    static YearMonth month(Instant from) {
        return YearMonth.from(from.atOffset(ZoneOffset.UTC));
    }
}
