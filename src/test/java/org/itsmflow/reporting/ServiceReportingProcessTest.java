package org.itsmflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.servicelevel.OutageInvestigations;
import org.itsmflow.servicelevel.OutageService;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.support.PostgresTest;
import org.itsmflow.support.StartTimers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bpmn/ServiceReporting.bpmn} on PostgreSQL with the real delegates: the monthly timer generating the
 * reports, the service owner's review recording decisions and corrective actions, the investigation of
 * unplanned outages (R-6.3a) and the improvement register fed by breaches, failed changes, reviews and
 * investigations.
 */
@PostgresTest
class ServiceReportingProcessTest {

    /** Wednesday 4 November 2026, a past working day. */
    static final Instant NOVEMBER_4 = Instant.parse("2026-11-04T02:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SlaClockService clocks;
    @Autowired
    ImprovementRegister register;
    @Autowired
    org.itsmflow.cmdb.CmdbService cmdb;
    @Autowired
    ServiceReporting reporting;
    @Autowired
    ServiceReportRecords records;
    @Autowired
    OutageService outages;
    @Autowired
    OutageInvestigations investigations;
    @Autowired
    List<ConformanceCheck> checks;

    final List<String> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(NOVEMBER_4));
    }

    @AfterEach
    void cleanUp() {
        ClockUtil.reset();
        engine.getIdentityService().clearAuthentication();
        for (String key : started) {
            engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(key).list()
                    .forEach(pi -> engine.getRuntimeService().deleteProcessInstance(pi.getId(), "test clean-up"));
        }
    }

    ProcessInstance instance(String businessKey) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(ServiceReporting.PROCESS_KEY)
                .processInstanceBusinessKey(businessKey).singleResult();
    }

    void completeAs(String user, Task task, Map<String, Object> variables) {
        engine.getIdentityService().setAuthentication(user, List.of("serviceowners"));
        try {
            engine.getTaskService().complete(task.getId(), variables);
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
    }

    ServiceReporting.Run run(Instant from, Instant to) {
        ServiceReporting.Run run = reporting.run(from, to);
        started.addAll(run.reportIds());
        run.investigatedOutages().forEach(id -> started.add("OUT-" + id));
        return run;
    }

    @Test
    @DisplayName("R-6.2 the monthly timer generates last month's reports, one per active service and one for all, each waiting for review")
    void monthlyTimer() {
        Job timer = engine.getManagementService().createJobQuery().processDefinitionKey(ServiceReporting.PROCESS_KEY)
                .timers().singleResult();
        assertThat(timer).as("the monthly start timer is scheduled").isNotNull();
        Instant due = timer.getDuedate().toInstant();
        // The engine scheduled the timer from the real clock when the model was deployed: the expectations follow
        // from that deployment's time, never from a fixed date.
        Instant deployed = StartTimers.deployedAt(engine, ServiceReporting.PROCESS_KEY);
        ZonedDateTime dueUtc = due.atZone(ZoneOffset.UTC);
        assertThat(dueUtc.getDayOfMonth()).as("due on the first of a month").isEqualTo(1);
        assertThat(dueUtc.toLocalTime()).as("at 06:00").isEqualTo(LocalTime.of(6, 0));
        assertThat(due).as("the next first of the month after deployment")
                .isAfter(deployed.minusSeconds(1)).isBefore(deployed.plus(32, ChronoUnit.DAYS));
        Instant periodTo = dueUtc.truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant periodFrom = dueUtc.truncatedTo(ChronoUnit.DAYS).minusMonths(1).toInstant();

        ClockUtil.setCurrentTime(Date.from(due.plusSeconds(1)));
        long before = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(ServiceReporting.PROCESS_KEY).count();
        engine.getManagementService().executeJob(timer.getId());
        List<ProcessInstance> now = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(ServiceReporting.PROCESS_KEY).list();
        now.forEach(pi -> started.add(pi.getBusinessKey()));
        assertThat(now.size() - before).as("5 demo services and all services at least").isGreaterThanOrEqualTo(6);
        StoredReport email = now.stream().filter(pi -> pi.getBusinessKey().startsWith("RPT-"))
                .map(pi -> records.require(pi.getBusinessKey())).filter(r -> "email".equals(r.serviceId()))
                .filter(r -> r.generatedAt().isAfter(due)).findFirst().orElseThrow();
        assertThat(email.periodFrom()).isEqualTo(periodFrom);
        assertThat(email.periodTo()).isEqualTo(periodTo);
        assertThat(email.link()).isEqualTo("/api/reports/services/email?from=" + periodFrom + "&to=" + periodTo);
        assertThat(email.summary()).contains("Performance against SLA targets").contains("Availability email");
        BpmnAwareTests.assertThat(instance(email.id())).isWaitingAt("UserTask_ReviewReport");
        BpmnAwareTests.assertThat(task(instance(email.id()))).hasCandidateGroup("serviceowners");
        Job next = engine.getManagementService().createJobQuery().processDefinitionKey(ServiceReporting.PROCESS_KEY)
                .timers().singleResult();
        assertThat(next.getDuedate().toInstant()).as("next month's run is scheduled").isAfter(due.plus(27, ChronoUnit.DAYS));
    }

    @Test
    @DisplayName("R-6.2 R-4.4 the service owner reviews the report: decisions recorded, each corrective action an improvement item")
    void reviewRecordsDecisions() {
        ServiceReportFixture data = new ServiceReportFixture(jdbc, clocks, register, cmdb).seed();
        ServiceReporting.Run run = run(ServiceReportFixture.FROM, ServiceReportFixture.TO);
        StoredReport report = run.reportIds().stream().map(records::require)
                .filter(r -> data.serviceId.equals(r.serviceId())).findFirst().orElseThrow();
        assertThat(report.summary()).contains("5 of 7 SLA targets met").contains("97.222 %");
        ProcessInstance pi = instance(report.id());
        Task review = task(pi);
        assertThat(engine.getTaskService().getVariable(review.getId(), "reportLink").toString())
                .isEqualTo("/api/reports/services/" + data.serviceId + "?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z");

        assertThatThrownBy(() -> completeAs("olivia", review, withVariables("decisions", " ")))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("what the review decided");
        completeAs("olivia", task(pi), withVariables("decisions", "P1 resolution below target: vendor escalation.",
                "correctiveActions", "Add a second mail relay\n- Train the service desk on P1 response\n\n"));
        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasPassed("ServiceTask_RecordDecisions", "EndEvent_ReportReviewed");

        StoredReport reviewed = records.require(report.id());
        assertThat(reviewed.status()).isEqualTo("REVIEWED");
        assertThat(reviewed.reviewedBy()).isEqualTo("olivia");
        assertThat(reviewed.decisions()).contains("vendor escalation");
        List<ImprovementItem> actions = register.fromSource("SERVICE_REPORT", report.id());
        assertThat(actions).extracting(ImprovementItem::title)
                .containsExactly("Add a second mail relay", "Train the service desk on P1 response");
        assertThat(actions).allSatisfy(i -> assertThat(i.serviceId()).isEqualTo(data.serviceId));
    }

    @Test
    @DisplayName("R-4.4 the run feeds the register: one SLA_BREACH item per service and month, one CHANGE_REVIEW per failed change, idempotent")
    void feedsTheRegister() {
        ServiceReportFixture data = new ServiceReportFixture(jdbc, clocks, register, cmdb).seed();
        run(ServiceReportFixture.FROM, ServiceReportFixture.TO);
        List<ImprovementItem> breaches = register.fromSource("SLA_BREACH", data.serviceId + "@2026-10");
        assertThat(breaches).singleElement().satisfies(i -> {
            assertThat(i.priority()).as("P1 targets were breached").isEqualTo("HIGH");
            assertThat(i.title()).startsWith("2 SLA breach(es) on Report test service");
            assertThat(i.description()).contains(data.id("A")).contains(data.id("B"));
        });
        assertThat(register.fromSource("CHANGE_REVIEW", data.id("C2"))).singleElement()
                .satisfies(i -> assertThat(i.title()).contains("Patch mail relay"));
        assertThat(register.fromSource("CHANGE_REVIEW", data.id("C1"))).as("a closed change needs no review").isEmpty();

        run(ServiceReportFixture.FROM, ServiceReportFixture.TO);
        assertThat(register.fromSource("SLA_BREACH", data.serviceId + "@2026-10")).hasSize(1);
        assertThat(register.fromSource("CHANGE_REVIEW", data.id("C2"))).hasSize(1);
    }

    @Test
    @DisplayName("R-6.3a every unplanned outage that ended opens one investigation for the service owners; findings can raise an improvement")
    void unplannedOutageInvestigated() {
        ServiceReportFixture data = new ServiceReportFixture(jdbc, clocks, register, cmdb).seed();
        List<OutageService.Outage> own = outages.overlapping(data.serviceId, ServiceReportFixture.FROM,
                ServiceReportFixture.TO);
        ServiceReporting.Run run = run(ServiceReportFixture.FROM, ServiceReportFixture.TO);
        List<Long> unplanned = own.stream().filter(o -> o.kind().equals("UNPLANNED")).map(OutageService.Outage::id).toList();
        long planned = own.stream().filter(o -> o.kind().equals("PLANNED")).findFirst().orElseThrow().id();
        assertThat(unplanned).hasSize(6);
        assertThat(run.investigatedOutages()).containsAll(unplanned).doesNotContain(planned);
        assertThat(run(ServiceReportFixture.FROM, ServiceReportFixture.TO).investigatedOutages())
                .as("an outage is investigated once").doesNotContainAnyElementsOf(unplanned);

        OutageService.Outage a = own.stream().filter(o -> o.recordId().equals(data.id("A"))).findFirst().orElseThrow();
        ProcessInstance pi = instance("OUT-" + a.id());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_InvestigateOutage");
        Task task = task(pi);
        BpmnAwareTests.assertThat(task).hasCandidateGroup("serviceowners");
        assertThat(engine.getTaskService().getVariable(task.getId(), "outage").toString())
                .contains("2026-10-12 02:00 UTC").contains(data.id("A"));
        completeAs("olivia", task, withVariables("cause", "Mail relay disk full", "findings",
                "No alert on disk usage", "improvementNeeded", "YES"));
        BpmnAwareTests.assertThat(pi).isEnded();
        OutageInvestigations.Investigation done = investigations.find(a.id()).orElseThrow();
        assertThat(done.cause()).isEqualTo("Mail relay disk full");
        assertThat(done.investigatedBy()).isEqualTo("olivia");
        assertThat(done.improvementId()).matches("SIP-\\d{6}");
        ImprovementItem item = register.require(done.improvementId());
        assertThat(item.source()).isEqualTo("OUTAGE_REVIEW");
        assertThat(item.priority()).isEqualTo("HIGH");
        assertThat(item.serviceId()).isEqualTo(data.serviceId);
    }

    @Test
    @DisplayName("R-6.2 R-6.3a R-4.4 R-6.1d conformance evidence beans exist and evaluate a period")
    void conformanceChecks() {
        ReportPeriod october = new ReportPeriod(ServiceReportFixture.FROM, ServiceReportFixture.TO);
        List<String> ids = checks.stream().map(ConformanceCheck::requirementId).toList();
        assertThat(ids).contains("R-6.2", "R-6.3a", "R-4.4", "R-6.1d");
        checks.stream().filter(c -> List.of("R-6.2", "R-6.3a", "R-4.4", "R-6.1d").contains(c.requirementId()))
                .forEach(c -> assertThat(c.evaluate(october).figure()).as(c.requirementId()).isNotBlank());
    }
}
