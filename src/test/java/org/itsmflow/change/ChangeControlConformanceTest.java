package org.itsmflow.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.servicelevel.Priority;
import org.itsmflow.servicelevel.ServiceChanges;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The change-control conformance checks (R-5a, R-5b, R-6.1b, R-6.3b, R-6.6a, R-6.4, R-9.1c) over changes driven
 * through the real change process in July 2025, a month no other test uses. The database is shared by every test
 * class, so each test compares the figures before and after its own records and looks for its own records among the
 * shortfalls. Catalogue and SLA edits made outside change control on purpose are removed again afterwards.
 */
@PostgresTest
class ChangeControlConformanceTest {

    static final Instant NOW = Instant.parse("2025-07-02T02:00:00Z");
    static final Instant FIRST_WINDOW = Instant.parse("2025-07-10T00:00:00Z");
    static final ReportPeriod JULY = new ReportPeriod(Instant.parse("2025-07-01T00:00:00Z"),
            Instant.parse("2025-08-01T00:00:00Z"));
    static final AtomicInteger WINDOWS = new AtomicInteger();
    static final String LEAF_CI = "DB-ERP-TEST";

    @Autowired
    ProcessEngine engine;
    @Autowired
    ChangeService changes;
    @Autowired
    ServiceChanges serviceChanges;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChangeControlConformanceCheck.ServicesThroughChange servicesThroughChange;
    @Autowired
    ChangeControlConformanceCheck.ServiceChangesAcceptedAndReviewed serviceChangesReviewed;
    @Autowired
    ChangeControlConformanceCheck.SlaChangesUnderControl slaChanges;
    @Autowired
    ChangeControlConformanceCheck.ContinuityImpactAssessed continuity;
    @Autowired
    ChangeControlConformanceCheck.SecurityImpactAssessed security;
    @Autowired
    ChangeControlConformanceCheck.ChangesCosted costed;
    @Autowired
    ChangeControlConformanceCheck.ImpactAnalysedBeforeApproval impactAnalysed;

    final String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    @BeforeEach
    void pastClock() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    // --- fixtures --------------------------------------------------------------------------------------------

    static Instant nextWindow() {
        return FIRST_WINDOW.plus(Duration.ofHours(6L * WINDOWS.getAndIncrement()));
    }

    Change raise(ChangeType type, List<String> cis, ServiceUpdate update) {
        Instant start = nextWindow();
        return changes.raise(new NewChange("Conformance " + type + " " + suffix, "conformance test", "test",
                type, ChangeUrgency.MEDIUM, cis, start, start.plus(Duration.ofHours(2)), "1. do it 2. check it",
                "undo it", new BigDecimal("100.00"), "evidence", null, update), "tom");
    }

    ProcessInstance instance(Change change) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(change.id())
                .singleResult();
    }

    /** CAB route: the change manager assesses, alice, bob and dave approve. */
    ProcessInstance approveByCab(Change change) {
        assertThat(change.approvalRoute()).isEqualTo("CAB");
        ProcessInstance pi = instance(change);
        complete(task(pi), withVariables("riskAssessment", "contained", "securityImpact", "none",
                "continuityImpact", "none"));
        for (String voter : List.of("alice", "bob", "dave")) {
            Task vote = engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).taskAssignee(voter)
                    .singleResult();
            complete(vote, withVariables("vote", "APPROVE", "voteComment", "fine"));
        }
        return pi;
    }

    /** Window opens, implementation succeeds; the review is done only when asked. */
    void implement(ProcessInstance pi, Change change, boolean review) {
        EngineJobs.runDue(engine, pi.getId());
        ClockUtil.setCurrentTime(Date.from(change.plannedStart().plusSeconds(1)));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ImplementChange");
        complete(task(pi), withVariables("implementationOutcome", "SUCCESS", "implementationNote", "done"));
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ReviewChange");
        if (review) {
            complete(task(pi), withVariables("reviewOutcome", "AS_PLANNED", "reviewNote", "as planned",
                    "lessonsLearned", "none"));
            EngineJobs.runDue(engine, pi.getId());
        }
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    void service(String id) {
        jdbc.sql("insert into service (id, name, owner_group, calendar_id, status) values (?, ?, 'serviceowners', "
                + "'24x7', 'ACTIVE')").params(id, "Conformance fixture " + id).update();
    }

    void sla(String id, String serviceId) {
        jdbc.sql("insert into sla (id, service_id, name, valid_from, version) values (?, ?, ?, ?, 1)")
                .params(id, serviceId, "Fixture " + id, java.sql.Date.valueOf("2025-01-01")).update();
        jdbc.sql("insert into sla_target (sla_id, priority, response_minutes, resolution_minutes) values (?, 'P4', 60, 600)")
                .param(id).update();
    }

    void removeSla(String id) {
        jdbc.sql("delete from sla_target where sla_id = ?").param(id).update();
        jdbc.sql("delete from sla where id = ?").param(id).update();
    }

    void removeService(String id) {
        jdbc.sql("delete from service where id = ?").param(id).update();
    }

    static long number(Evidence evidence, String regex) {
        Matcher m = Pattern.compile(regex).matcher(evidence.figure());
        if (!m.find() && evidence.verdict() == Evidence.Verdict.NO_ACTIVITY) {
            return 0;
        }
        m.reset();
        assertThat(m.find()).as(evidence.figure() + " matches " + regex).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    static List<String> about(Evidence evidence, String recordId) {
        return evidence.shortfalls().stream().filter(s -> s.startsWith(recordId + " ")).toList();
    }

    // --- tests -----------------------------------------------------------------------------------------------

    @Test
    @DisplayName("R-5a R-5b new and retired services through the CAB; a retirement outside change and a missing review fall short")
    void servicesThroughChange() {
        String retiredByChange = "conf-ret-" + suffix;
        String retiredDirectly = "conf-dir-" + suffix;
        String introduced = "conf-new-" + suffix;
        service(retiredByChange);
        service(retiredDirectly);
        try {
            Evidence r5aBefore = servicesThroughChange.evaluate(JULY);
            Evidence r5bBefore = serviceChangesReviewed.evaluate(JULY);

            Change newService = raise(ChangeType.NEW_SERVICE, List.of(),
                    new ServiceUpdate(introduced, "Conformance wiki", "serviceowners", null, null, null, null, null));
            implement(approveByCab(newService), newService, true);
            Change retire = raise(ChangeType.RETIRE_SERVICE, List.of(),
                    new ServiceUpdate(retiredByChange, null, null, null, null, null, null, null));
            implement(approveByCab(retire), retire, false);
            serviceChanges.retire(retiredDirectly);

            Evidence r5a = servicesThroughChange.evaluate(JULY);
            assertThat(servicesThroughChange.requirementId()).isEqualTo("R-5a");
            assertThat(number(r5a, "^([\\d,]+) new or retired-service change") - number(r5aBefore,
                    "^([\\d,]+) new or retired-service change")).isEqualTo(2);
            assertThat(r5a.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
            assertThat(about(r5a, retiredDirectly))
                    .containsExactly(retiredDirectly + " (retired without an implemented RETIRE_SERVICE change)");
            assertThat(about(r5a, retiredByChange)).isEmpty();
            assertThat(about(r5a, newService.id())).isEmpty();
            assertThat(about(r5a, retire.id())).isEmpty();

            Evidence r5b = serviceChangesReviewed.evaluate(JULY);
            assertThat(serviceChangesReviewed.requirementId()).isEqualTo("R-5b");
            assertThat(number(r5b, "^([\\d,]+) new or retired-service change") - number(r5bBefore,
                    "^([\\d,]+) new or retired-service change")).isEqualTo(2);
            assertThat(r5b.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
            assertThat(about(r5b, retire.id())).containsExactly(retire.id() + " (outcome not reviewed against the plan)");
            assertThat(about(r5b, newService.id())).isEmpty();
            assertThat(r5b.figure()).contains("AS_PLANNED");
        } finally {
            removeService(retiredDirectly);
        }
    }

    @Test
    @DisplayName("R-6.1b an SLA change approved by the CAB counts; an SLA edited outside change control is named")
    void slaChangesUnderControl() {
        String serviceId = "conf-sla-" + suffix;
        String controlled = "SLA-C-" + suffix;
        String edited = "SLA-E-" + suffix;
        service(serviceId);
        sla(controlled, serviceId);
        sla(edited, serviceId);
        try {
            Evidence before = slaChanges.evaluate(JULY);
            Change change = raise(ChangeType.SLA_CHANGE, List.of(),
                    new ServiceUpdate(serviceId, null, null, null, controlled, "P4", 30, 300));
            implement(approveByCab(change), change, true);
            serviceChanges.changeTarget(edited, Priority.P4, 45, 450);

            Evidence after = slaChanges.evaluate(JULY);
            assertThat(slaChanges.requirementId()).isEqualTo("R-6.1b");
            assertThat(number(after, "^([\\d,]+) SLA change") - number(before, "^([\\d,]+) SLA change")).isEqualTo(1);
            assertThat(after.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
            assertThat(about(after, edited)).containsExactly(
                    edited + " (at version 2 after 0 implemented SLA changes: edited outside change control)");
            assertThat(about(after, controlled)).isEmpty();
            assertThat(about(after, change.id())).isEmpty();
        } finally {
            removeSla(edited);
        }
    }

    @Test
    @DisplayName("R-6.3b R-6.6a implemented changes need their continuity and security impact recorded beforehand; pre-approved standard changes are counted apart")
    void impactAssessedBeforeImplementation() {
        Evidence continuityBefore = continuity.evaluate(JULY);
        Evidence securityBefore = security.evaluate(JULY);

        Change both = raise(ChangeType.NORMAL, List.of(LEAF_CI), null);
        assertThat(both.approvalRoute()).isEqualTo("CHANGE_MANAGER");
        ProcessInstance bothPi = instance(both);
        complete(task(bothPi), withVariables("securityImpact", "no new access", "continuityImpact", "DR plan unaffected",
                "decision", "APPROVE", "decisionReason", "routine"));
        implement(bothPi, both, true);

        Change securityOnly = raise(ChangeType.NORMAL, List.of(LEAF_CI), null);
        ProcessInstance securityOnlyPi = instance(securityOnly);
        complete(task(securityOnlyPi), withVariables("securityImpact", "firewall rule added", "decision", "APPROVE",
                "decisionReason", "routine"));
        implement(securityOnlyPi, securityOnly, true);

        Instant window = nextWindow();
        Change standard = changes.raise(new NewChange("Conformance standard " + suffix, null, "test",
                ChangeType.STANDARD, ChangeUrgency.LOW, List.of(LEAF_CI), window, window.plus(Duration.ofHours(2)),
                "patch", "undo", BigDecimal.TEN, null, null, null), "tom");
        assertThat(standard.approvalRoute()).isEqualTo("PRE_APPROVED");
        implement(instance(standard), standard, true);

        String judged = "of ([\\d,]+) assessed change";
        String preApproved = "([\\d,]+) pre-approved standard change";
        Evidence r63b = continuity.evaluate(JULY);
        assertThat(continuity.requirementId()).isEqualTo("R-6.3b");
        assertThat(number(r63b, judged) - number(continuityBefore, judged)).isEqualTo(2);
        assertThat(number(r63b, preApproved) - number(continuityBefore, preApproved)).isEqualTo(1);
        assertThat(r63b.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
        assertThat(about(r63b, securityOnly.id()))
                .containsExactly(securityOnly.id() + " (no continuity impact assessment recorded)");
        assertThat(about(r63b, both.id())).isEmpty();
        assertThat(about(r63b, standard.id())).isEmpty();

        Evidence r66a = security.evaluate(JULY);
        assertThat(security.requirementId()).isEqualTo("R-6.6a");
        assertThat(number(r66a, judged) - number(securityBefore, judged)).isEqualTo(2);
        assertThat(about(r66a, securityOnly.id())).isEmpty();
        assertThat(about(r66a, both.id())).isEmpty();
        assertThat(about(r66a, standard.id())).isEmpty();
    }

    /** An emergency change raised by tom at the given urgency, on the leaf CI (low risk). */
    Change raiseEmergency(ChangeUrgency urgency) {
        Instant start = nextWindow();
        Change change = changes.raise(new NewChange("Conformance emergency " + urgency + " " + suffix,
                "conformance test", "test", ChangeType.EMERGENCY, urgency, List.of(LEAF_CI), start,
                start.plus(Duration.ofHours(2)), "1. do it 2. check it", "undo it", new BigDecimal("100.00"), null,
                null, null), "tom");
        assertThat(change.approvalRoute()).isEqualTo("ECAB");
        return change;
    }

    void ecabApproves(ProcessInstance pi) {
        for (String voter : List.of("chris", "alice")) {
            Task vote = engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).taskAssignee(voter)
                    .singleResult();
            complete(vote, withVariables("vote", "APPROVE", "voteComment", "urgent"));
        }
    }

    @Test
    @DisplayName("R-6.3b R-6.6a emergency changes: assessed before implementation, or afterwards only where the classification allowed it; the figure names which")
    void emergencyChangesAssessedBeforeOrRetrospectively() {
        String before = "before implementation: ([\\d,]+)";
        String after = "retrospectively: ([\\d,]+)";
        Evidence continuityBefore = continuity.evaluate(JULY);
        Evidence securityBefore = security.evaluate(JULY);

        Change assessedFirst = raiseEmergency(ChangeUrgency.MEDIUM);
        ProcessInstance firstPi = instance(assessedFirst);
        BpmnAwareTests.assertThat(firstPi).isWaitingAt("UserTask_AssessEmergencyContinuitySecurity");
        complete(task(firstPi), withVariables("securityImpact", "admin port closed again",
                "continuityImpact", "failover unaffected"));
        ecabApproves(firstPi);
        implement(firstPi, assessedFirst, true);
        BpmnAwareTests.assertThat(firstPi).isWaitingAt("UserTask_ReviewEmergencyChange");

        Change assessedAfter = raiseEmergency(ChangeUrgency.HIGH);
        ProcessInstance afterPi = instance(assessedAfter);
        BpmnAwareTests.assertThat(afterPi).isWaitingAt("UserTask_EmergencyVote");
        ecabApproves(afterPi);
        implement(afterPi, assessedAfter, true);
        BpmnAwareTests.assertThat(afterPi).isWaitingAt("UserTask_AssessEmergencyContinuitySecurityAfterwards");

        Evidence pending = continuity.evaluate(JULY);
        assertThat(about(pending, assessedAfter.id())).containsExactly(assessedAfter.id()
                + " (emergency change: no continuity impact assessment recorded after implementation yet)");
        assertThat(about(pending, assessedFirst.id())).isEmpty();

        ClockUtil.setCurrentTime(Date.from(assessedAfter.plannedStart().plus(Duration.ofHours(3))));
        complete(task(afterPi), withVariables("securityImpact", "temporary rule removed",
                "continuityImpact", "service restored"));
        BpmnAwareTests.assertThat(afterPi).isWaitingAt("UserTask_ReviewEmergencyChange");
        ClockUtil.setCurrentTime(Date.from(NOW));

        for (ChangeControlConformanceCheck.ImpactAssessed check : List.of(continuity, security)) {
            Evidence was = check == continuity ? continuityBefore : securityBefore;
            Evidence now = check.evaluate(JULY);
            assertThat(about(now, assessedFirst.id())).isEmpty();
            assertThat(about(now, assessedAfter.id())).isEmpty();
            assertThat(number(now, before) - number(was, before)).isEqualTo(1);
            assertThat(number(now, after) - number(was, after)).isEqualTo(1);
            assertThat(now.figure()).containsPattern("before implementation: [^;]*" + assessedFirst.id())
                    .containsPattern("retrospectively: [^;]*" + assessedAfter.id());
        }
    }

    @Test
    @DisplayName("R-6.4 R-9.1c approved changes carry a cost estimate and an impact analysis recorded before approval")
    void costedAndImpactAnalysed() {
        Evidence costBefore = costed.evaluate(JULY);
        Evidence impactBefore = impactAnalysed.evaluate(JULY);

        Change proper = raise(ChangeType.NORMAL, List.of(LEAF_CI), null);
        complete(task(instance(proper)), withVariables("decision", "APPROVE", "decisionReason", "fine"));
        Change tampered = raise(ChangeType.NORMAL, List.of(LEAF_CI), null);
        complete(task(instance(tampered)), withVariables("decision", "APPROVE", "decisionReason", "fine"));
        // what a record written around the process would look like: no estimate, no impact analysis
        jdbc.sql("update change_request set cost_estimate = null, dependent_count = null where id = ?")
                .param(tampered.id()).update();
        jdbc.sql("delete from change_journal where change_id = ? and code = 'IMPACT_ANALYSED'").param(tampered.id())
                .update();

        String approvedCount = "^([\\d,]+) change";
        Evidence r64 = costed.evaluate(JULY);
        assertThat(costed.requirementId()).isEqualTo("R-6.4");
        assertThat(number(r64, approvedCount) - number(costBefore, approvedCount)).isEqualTo(2);
        assertThat(r64.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
        assertThat(r64.figure()).contains("budgets and spend per service are not kept");
        assertThat(about(r64, tampered.id())).containsExactly(tampered.id() + " (approved without a cost estimate)");
        assertThat(about(r64, proper.id())).isEmpty();

        String approved = "of ([\\d,]+) approved change";
        Evidence r91c = impactAnalysed.evaluate(JULY);
        assertThat(impactAnalysed.requirementId()).isEqualTo("R-9.1c");
        assertThat(number(r91c, approved) - number(impactBefore, approved)).isEqualTo(2);
        assertThat(about(r91c, tampered.id()))
                .containsExactly(tampered.id() + " (approved without a recorded impact analysis)");
        assertThat(about(r91c, proper.id())).isEmpty();
    }
}
