package org.itsmflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The audits' conformance evidence (R-4.3a, R-4.3b, R-9.1i), each check over a period of its own. */
@PostgresTest
class AuditConformanceTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    AuditService audits;
    @Autowired
    IncidentService incidents;
    @Autowired
    List<ConformanceCheck> checks;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
    }

    @AfterEach
    void tearDown() {
        ClockUtil.reset();
    }

    Evidence evaluate(String requirementId, ReportPeriod period) {
        return checks.stream().filter(c -> c.requirementId().equals(requirementId)).findFirst().orElseThrow()
                .evaluate(period);
    }

    ProcessInstance instance(Audit audit) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(audit.id())
                .singleResult();
    }

    @Test
    @DisplayName("R-4.3a R-4.3b R-9.1i the audits' checks are conformance evidence beans")
    void checksAreBeans() {
        assertThat(checks).extracting(ConformanceCheck::requirementId).contains("R-4.3a", "R-4.3b", "R-9.1i");
        ReportPeriod empty = new ReportPeriod(Instant.parse("2001-01-01T00:00:00Z"), Instant.parse("2001-02-01T00:00:00Z"));
        assertThat(evaluate("R-4.3b", empty).verdict()).isEqualTo(Evidence.Verdict.NO_ACTIVITY);
        assertThat(evaluate("R-9.1i", empty).verdict()).isEqualTo(Evidence.Verdict.NO_ACTIVITY);
    }

    @Test
    @DisplayName("R-4.3a a programme line due in the period without a reported audit is a shortfall; once reported it is held")
    void programmeHeldVersusDue_R4_3a() {
        Instant t0 = Instant.parse("2026-06-03T02:00:00Z");
        ClockUtil.setCurrentTime(Date.from(t0));
        Instant due = t0.plus(1, ChronoUnit.DAYS);
        AuditProgramme line = audits.addProgramme("Complaint audit (test)", "complaint", "R-7.2c complaints handled",
                "Sample 5 complaints", "P1M", due, "ada");
        ReportPeriod period = new ReportPeriod(t0, t0.plus(20, ChronoUnit.DAYS));
        ClockUtil.setCurrentTime(Date.from(due.plus(1, ChronoUnit.HOURS)));
        // the due date has passed and the programme check has not run: the line was due and no audit was held
        AuditProgramme stillDue = new AuditProgramme(line.id(), line.name(), line.processArea(), line.criteria(),
                line.method(), line.frequency(), AuditService.plus(due, java.time.Period.ofMonths(1)), true,
                line.createdBy(), line.createdAt());
        assertThat(AuditConformance.ProgrammeHeld.dueDates(stillDue, period)).containsExactly(due);

        List<Audit> started = audits.startDueAudits();
        Audit audit = started.stream().filter(a -> line.id().equals(a.programmeId())).findFirst().orElseThrow();
        started.stream().filter(a -> !a.id().equals(audit.id()))
                .forEach(a -> engine.getRuntimeService().deleteProcessInstance(a.processInstanceId(), "test clean-up"));
        Evidence open = evaluate("R-4.3a", period);
        assertThat(open.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
        assertThat(open.shortfalls()).anyMatch(s -> s.startsWith(line.id()) && s.contains(audit.id()));

        String auditor = AuditTestSupport.newAuditor(engine, "conf");
        ProcessInstance pi = instance(audit);
        complete(task(pi), withVariables("auditPlan", "plan", "leadAuditor", auditor));
        complete(task(pi), withVariables("findings", ""));
        complete(task(pi), withVariables("report", "Conforms."));
        Evidence held = evaluate("R-4.3a", period);
        assertThat(held.shortfalls()).noneMatch(s -> s.startsWith(line.id()));
        assertThat(held.figure()).contains("complaint");
    }

    @Test
    @DisplayName("R-4.3b the check re-reads the history: an auditor whose work in the audited area and period appears is listed as a violator")
    void ownWorkFoundAfterwardsIsAViolation_R4_3b() {
        Instant t0 = Instant.parse("2026-05-06T02:00:00Z");
        ClockUtil.setCurrentTime(Date.from(t0));
        String auditor = AuditTestSupport.newAuditor(engine, "viol");
        AuditProgramme line = audits.addProgramme("Incident audit (conformance test)", "incident", "R-8.2a",
                "Sample", "P1M", null, "ada");
        Audit audit = audits.startNow(line.id(), auditor, "ada");
        ReportPeriod period = new ReportPeriod(t0.minus(1, ChronoUnit.HOURS), t0.plus(1, ChronoUnit.DAYS));
        Evidence clean = evaluate("R-4.3b", period);
        assertThat(clean.shortfalls()).noneMatch(s -> s.startsWith(audit.id()));

        // work in the audited period that the rule did not see when the auditor was chosen (e.g. back-dated)
        ClockUtil.setCurrentTime(Date.from(t0.minus(2, ChronoUnit.DAYS)));
        AuditTestSupport.incidentWorkedOnBy(engine, incidents, auditor);
        ClockUtil.setCurrentTime(Date.from(t0));
        Evidence violated = evaluate("R-4.3b", period);
        assertThat(violated.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
        assertThat(violated.shortfalls()).anyMatch(s -> s.startsWith(audit.id() + ": " + auditor));
        engine.getRuntimeService().deleteProcessInstance(audit.processInstanceId(), "test clean-up");
    }
}
