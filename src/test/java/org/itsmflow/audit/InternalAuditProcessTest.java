package org.itsmflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.SeparationOfDutiesException;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The internal audit (R-4.3a, R-4.3b, R-4.4) on PostgreSQL with the real delegates: the programme check starting
 * due audits, an audit planned, performed, reported, answered and followed up, findings becoming improvement items,
 * and the independence rule enforced by the engine on choosing, claiming, assigning and completing.
 */
@PostgresTest
class InternalAuditProcessTest {

    /** Wednesday 7 October 2026, a past date of its own, so the audit's period is this test class's. */
    static final Instant T0 = Instant.parse("2026-10-07T02:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    AuditService audits;
    @Autowired
    IncidentService incidents;
    @Autowired
    ImprovementRegister improvements;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(T0));
    }

    @AfterEach
    void tearDown() {
        ClockUtil.reset();
        engine.getIdentityService().clearAuthentication();
    }

    AuditProgramme incidentProgramme(String frequency, Instant firstDue) {
        return audits.addProgramme("Incident audit (test)", "incident",
                "R-8.2a to R-8.2e: incidents recorded, prioritised, resolved and closed", "Sample 5 incidents",
                frequency, firstDue, "ada");
    }

    ProcessInstance instance(Audit audit) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(audit.id())
                .singleResult();
    }

    void as(String user, Runnable work) {
        engine.getIdentityService().setAuthentication(user, List.of(OwnWork.AUDITORS));
        try {
            work.run();
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
    }

    @Test
    @DisplayName("R-4.3b an auditor who worked on an incident in the period cannot lead, claim, be assigned or complete the incident-management audit; another auditor can")
    void auditorMayNotAuditOwnWork_R4_3b() {
        String dependent = AuditTestSupport.newAuditor(engine, "dep");
        String independent = AuditTestSupport.newAuditor(engine, "ind");
        AuditTestSupport.incidentWorkedOnBy(engine, incidents, dependent);
        AuditProgramme programme = incidentProgramme("P1M", null);

        ClockUtil.setCurrentTime(Date.from(T0.plus(1, ChronoUnit.DAYS)));
        Audit audit = audits.startNow(programme.id(), null, "ada");
        assertThat(audit.id()).matches("AUD-\\d{6}");
        assertThat(audit.periodFrom()).isBefore(T0);
        assertThat(audit.periodTo()).isAfter(T0);
        ProcessInstance pi = instance(audit);
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_PlanAudit");
        BpmnAwareTests.assertThat(task(pi)).hasCandidateGroup(OwnWork.AUDITORS);
        assertThat(audits.ownWork(audit, dependent)).as("the history shows the incident task")
                .anyMatch(line -> line.contains("was assignee of task"));
        assertThat(audits.ownWork(audit, independent)).isEmpty();

        // (1) choosing a dependent lead auditor is refused while the plan is open
        assertThatThrownBy(() -> complete(task(pi), withVariables("auditPlan", "sample", "leadAuditor", dependent)))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("own work");
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_PlanAudit");
        assertThat(audits.require(audit.id()).leadAuditor()).isNull();

        // the plan leaves the choice open: the first independent auditor takes the audit
        complete(task(pi), withVariables("auditPlan", "Sample 5 incidents of the period", "leadAuditor", ""));
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_PerformAudit");
        Task perform = task(pi);
        assertThat(perform.getAssignee()).isNull();

        // (2) the engine refuses the dependent auditor: revoked (invisible, claim refused) ...
        as(dependent, () -> {
            assertThat(engine.getTaskService().createTaskQuery().taskId(perform.getId()).count())
                    .as("the task is invisible to the dependent auditor").isZero();
            assertThatThrownBy(() -> engine.getTaskService().claim(perform.getId(), dependent))
                    .isInstanceOf(AuthorizationException.class);
        });
        as(independent, () -> assertThat(engine.getTaskService().createTaskQuery().taskId(perform.getId()).count())
                .as("an independent auditor sees it").isOne());
        // ... and refused by the task listener even when an administrator assigns it (no authorization check):
        // a SeparationOfDutiesException, unwrapped by the engine plugin, so the engine REST API answers 403
        assertThatThrownBy(() -> engine.getTaskService().setAssignee(perform.getId(), dependent))
                .isInstanceOf(SeparationOfDutiesException.class).hasMessageContaining("own work");
        assertThat(engine.getTaskService().createTaskQuery().taskId(perform.getId()).singleResult().getAssignee())
                .isNull();
        // ... and a non-auditor is refused too
        assertThatThrownBy(() -> engine.getTaskService().setAssignee(perform.getId(), "tom"))
                .isInstanceOf(SeparationOfDutiesException.class).hasMessageContaining("not an auditor");

        // the independent auditor claims it and leads the audit
        as(independent, () -> engine.getTaskService().claim(perform.getId(), independent));
        Audit taken = audits.require(audit.id());
        assertThat(taken.leadAuditor()).isEqualTo(independent);
        assertThat(taken.status()).isEqualTo(AuditStatus.IN_PROGRESS);

        // completing as the dependent auditor is refused as well
        assertThatThrownBy(() -> as(dependent, () -> engine.getTaskService().complete(perform.getId())))
                .isInstanceOf(AuthorizationException.class);
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_PerformAudit");
    }

    @Test
    @DisplayName("R-4.3a R-4.4 an audit is planned, performed, reported with its findings as improvement items, answered, followed up until effective and closed")
    void auditHappyPathWithFindings_R4_3a_R4_4() {
        String auditor = AuditTestSupport.newAuditor(engine, "lead");
        AuditProgramme programme = incidentProgramme("P3M", null);
        Audit audit = audits.startNow(programme.id(), auditor, "ada");
        assertThat(audit.leadAuditor()).isEqualTo(auditor);
        ProcessInstance pi = instance(audit);
        Task plan = task(pi);
        assertThat(engine.getTaskService().getVariableLocal(plan.getId(), "auditCriteria").toString())
                .contains("R-8.2a").contains(programme.id());
        assertThat(engine.getTaskService().getVariable(plan.getId(), "leadAuditor")).isEqualTo(auditor);
        as(auditor, () -> complete(plan, withVariables("auditPlan", "Sample 5 incidents", "leadAuditor", auditor)));

        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_PerformAudit");
        BpmnAwareTests.assertThat(task(pi)).isAssignedTo(auditor);
        assertThat(audits.require(audit.id()).status()).isEqualTo(AuditStatus.IN_PROGRESS);
        assertThatThrownBy(() -> as(auditor, () -> complete(task(pi), withVariables("findings", "BAD finding line"))))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("line 1");
        as(auditor, () -> complete(task(pi), withVariables("findings",
                "MAJOR | R-8.2a | two incidents closed without the user's confirmation\n\n"
                        + "observation: the triage notes are terse")));
        Audit found = audits.require(audit.id());
        assertThat(found.status()).isEqualTo(AuditStatus.FINDINGS_RECORDED);
        assertThat(found.findings()).extracting(AuditFinding::severity).containsExactly(Severity.MAJOR,
                Severity.OBSERVATION);
        assertThat(found.findings().get(0).requirementId()).isEqualTo("R-8.2a");
        assertThat(found.findings().get(1).requirementId()).isNull();

        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ReportAudit");
        BpmnAwareTests.assertThat(task(pi)).isAssignedTo(auditor);
        assertThat(engine.getTaskService().getVariableLocal(task(pi).getId(), "findingsRecorded").toString())
                .contains("MAJOR R-8.2a");
        as(auditor, () -> complete(task(pi), withVariables("report", "Incident management mostly conforms.")));
        Audit reported = audits.require(audit.id());
        assertThat(reported.status()).isEqualTo(AuditStatus.REPORTED);
        assertThat(reported.reportedAt()).isNotNull();
        List<ImprovementItem> items = improvements.fromSource("AUDIT", audit.id());
        assertThat(items).extracting(ImprovementItem::priority).containsExactly("HIGH", "LOW");
        assertThat(reported.findings()).extracting(AuditFinding::improvementId)
                .containsExactlyElementsOf(items.stream().map(ImprovementItem::id).toList());

        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_RespondToFindings");
        BpmnAwareTests.assertThat(task(pi)).hasCandidateGroup("servicedesk");
        complete(task(pi), withVariables("managementResponse", "Closure needs the user's confirmation from now on"));
        assertThat(audits.require(audit.id()).status()).isEqualTo(AuditStatus.RESPONDED);
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_FollowUpActions");
        BpmnAwareTests.assertThat(task(pi)).isAssignedTo(auditor);
        as(auditor, () -> complete(task(pi), withVariables("actionsEffective", "NO", "followUpNotes", "not yet")));
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_RespondToFindings");
        complete(task(pi), withVariables("managementResponse", "Closure confirmation enforced in the form"));
        as(auditor, () -> complete(task(pi), withVariables("actionsEffective", "YES", "followUpNotes", "checked")));

        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasPassed("Gateway_ActionsEffective", "ServiceTask_CloseAudit",
                "EndEvent_AuditClosed");
        Audit closed = audits.require(audit.id());
        assertThat(closed.status()).isEqualTo(AuditStatus.CLOSED);
        assertThat(closed.followUp()).contains("not effective: not yet").contains("effective: checked");
        assertThat(closed.auditPlan()).isEqualTo("Sample 5 incidents");
    }

    @Test
    @DisplayName("R-4.3a an audit without findings closes after its report, without a management response")
    void auditWithoutFindings_R4_3a() {
        String auditor = AuditTestSupport.newAuditor(engine, "lead");
        Audit audit = audits.startNow(incidentProgramme("P6M", null).id(), null, "ada");
        ProcessInstance pi = instance(audit);
        complete(task(pi), withVariables("auditPlan", "Walk-through", "leadAuditor", auditor));
        as(auditor, () -> complete(task(pi), withVariables("findings", "none")));
        as(auditor, () -> complete(task(pi), withVariables("report", "Conforms.")));
        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasNotPassed("UserTask_RespondToFindings");
        assertThat(audits.require(audit.id()).status()).isEqualTo(AuditStatus.CLOSED);
        assertThat(improvements.fromSource("AUDIT", audit.id())).isEmpty();
    }

    @Test
    @DisplayName("R-4.3a the daily programme check starts the audit that fell due, covering the frequency up to its due date, and moves the due date on")
    void programmeCheckStartsDueAudits_R4_3a() {
        Instant due = T0.plus(2, ChronoUnit.HOURS);
        AuditProgramme programme = incidentProgramme("P3M", due);
        Job timer = engine.getManagementService().createJobQuery().processDefinitionKey(AuditService.PROGRAMME_CHECK)
                .timers().singleResult();
        assertThat(timer).as("the daily programme check is scheduled").isNotNull();

        ClockUtil.setCurrentTime(Date.from(due.plus(3, ChronoUnit.HOURS)));
        List<String> before = engine.getRuntimeService().createProcessInstanceQuery().list().stream()
                .map(ProcessInstance::getId).toList();
        engine.getManagementService().executeJob(timer.getId());
        try {
            List<Audit> started = audits.audits(programme.id(), null, 10);
            assertThat(started).hasSize(1);
            Audit audit = started.get(0);
            assertThat(audit.dueAt()).isEqualTo(due);
            assertThat(audit.periodTo()).isEqualTo(due);
            assertThat(audit.periodFrom()).isEqualTo(AuditService.minus(due, java.time.Period.ofMonths(3)));
            assertThat(audit.status()).isEqualTo(AuditStatus.PLANNED);
            assertThat(audit.requestedBy()).isEqualTo("system");
            BpmnAwareTests.assertThat(instance(audit)).isWaitingAt("UserTask_PlanAudit");
            assertThat(audits.requireProgramme(programme.id(), null).nextDue())
                    .isEqualTo(AuditService.plus(due, java.time.Period.ofMonths(3)));
            Job next = engine.getManagementService().createJobQuery().processDefinitionKey(AuditService.PROGRAMME_CHECK)
                    .timers().singleResult();
            assertThat(next.getDuedate().toInstant()).as("the next daily check is scheduled")
                    .isAfter(due.plus(3, ChronoUnit.HOURS));
        } finally {
            // other test programmes that fell due in the same round are not this test's subject
            engine.getRuntimeService().createProcessInstanceQuery().list().stream()
                    .filter(pi -> !before.contains(pi.getId()))
                    .forEach(pi -> engine.getRuntimeService().deleteProcessInstance(pi.getId(), "test clean-up"));
        }
    }

    @Test
    @DisplayName("R-4.3a bad programme input is refused naming the field")
    void badProgrammeInput_R4_3a() {
        assertThatThrownBy(() -> audits.addProgramme("x", "payroll", "c", "m", "P1M", null, "ada"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("must be one of");
        assertThatThrownBy(() -> audits.addProgramme("x", "incident", "c", "m", "P10D", null, "ada"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("whole months");
        assertThatThrownBy(() -> audits.addProgramme("x", "incident", "c", "m", "monthly", null, "ada"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> audits.addProgramme("x", "incident", " ", "m", "P1M", null, "ada"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("required");
        assertThatThrownBy(() -> audits.addProgramme("x", "incident", "c", "m", "P1M", T0.minusSeconds(60), "ada"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("past");
    }
}
