package org.itsmflow.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeStatus;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The problem process end to end on PostgreSQL with real incidents, decision tables, known errors and change
 * management: raised by trend analysis, known error recorded, RFC raised and implemented, watched, closed or
 * reopened. Timers are driven by the engine clock, never by sleeping. Each test uses its own CI and category and
 * a past week of its own, so the trend counts of other tests never reach it.
 */
@PostgresTest
class ProblemProcessTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    ProblemService problems;
    @Autowired
    IncidentService incidents;
    @Autowired
    ChangeService changes;
    @Autowired
    KnownErrorService knownErrors;
    @Autowired
    org.itsmflow.improvement.ImprovementRegister improvements;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    void clock(Instant at) {
        ClockUtil.setCurrentTime(Date.from(at));
    }

    Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    Incident report(String ciId, String category) {
        return incidents.report(new NewIncident("Fails again on " + ciId, "described by the test", "hr-portal", ciId,
                category, Level.MEDIUM, Level.MEDIUM, "kate"), "sara");
    }

    List<Problem> problemsOn(String ciId, String category) {
        return problems.list(null).stream().filter(p -> ciId.equals(p.ciId()) && category.equals(p.category()))
                .toList();
    }

    ProcessInstance instance(String businessKey) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(businessKey)
                .singleResult();
    }

    void runDueJobs(ProcessInstance pi) {
        EngineJobs.runDue(engine, pi.getId());
    }

    /** Three incidents of one category on one CI within a week: the third raises the problem (R-8.3c). */
    Problem fromTrend(String ciId, String category) {
        Incident first = report(ciId, category);
        clock(now().plus(Duration.ofHours(20)));
        Incident second = report(ciId, category);
        assertThat(problemsOn(ciId, category)).as("two incidents stay below the threshold").isEmpty();
        clock(now().plus(Duration.ofHours(30)));
        Incident third = report(ciId, category);
        List<Problem> raised = problemsOn(ciId, category);
        assertThat(raised).hasSize(1);
        Problem problem = raised.get(0);
        assertThat(problem.id()).matches("PRB-\\d{6}");
        assertThat(problem.source()).isEqualTo("TREND");
        assertThat(problem.raisedBy()).isEqualTo("system");
        assertThat(problem.incidentIds()).containsExactly(first.id(), second.id(), third.id());
        assertThat(problems.journal(problem.id())).first().extracting(ProblemJournalEntry::text).asString()
                .contains("trend analysis").contains("ProblemTrigger");
        return problem;
    }

    /** Investigation to the implemented fix: known error, RFC raised by the assignee and carried out. */
    Change diagnoseAndFix(ProcessInstance pi, Problem problem) {
        assertThat(pi).isWaitingAt("UserTask_InvestigateProblem");
        assertThat(task(pi)).hasCandidateGroup("secondline");
        Problem prioritised = problems.require(problem.id());
        assertThat(prioritised.priority()).isEqualTo("P3");
        assertThat(prioritised.status()).isIn(ProblemStatus.INVESTIGATING, ProblemStatus.REOPENED);
        assertThat(engine.getTaskService().getVariableLocal(task(pi).getId(), "linkedIncidents").toString())
                .contains(problem.incidentIds().get(0));

        complete(task(pi), withVariables("rootCause", "The volume's controller firmware drops writes under load",
                "symptoms", "Pages fail to save", "workaround", "Save again after a minute"));
        Problem known = problems.require(problem.id());
        assertThat(known.status()).isEqualTo(ProblemStatus.KNOWN_ERROR);
        KnownError ke = knownErrors.require(known.knownErrorId());
        assertThat(ke.problemId()).isEqualTo(problem.id());
        assertThat(ke.workaround()).isEqualTo("Save again after a minute");
        assertThat(ke.status()).isEqualTo("OPEN");
        assertThat(knownErrors.matching(problem.ciId(), "hr-portal", problem.category())).extracting(KnownError::id)
                .as("R-8.3f incident handlers see it at once").contains(ke.id());

        assertThat(pi).isWaitingAt("UserTask_PlanFix");
        engine.getTaskService().claim(task(pi).getId(), "tom");
        Instant start = now().plus(Duration.ofDays(1));
        complete(task(pi), withVariables("fixTitle", "Upgrade the controller firmware", "changeType", "STANDARD",
                "changeUrgency", "LOW", "affectedCiIds", problem.ciId(), "plannedStart", start.toString()
                        .replace("Z", "+00:00"), "plannedEnd", start.plus(Duration.ofHours(2)).toString()
                        .replace("Z", "+00:00"), "implementationPlan", "1. flash 2. verify", "backoutPlan",
                "flash the old firmware"));
        assertThat(pi).isWaitingAt("IntermediateCatchEvent_ChangePoll");
        Problem pending = problems.require(problem.id());
        assertThat(pending.status()).isEqualTo(ProblemStatus.FIX_PENDING);
        Change rfc = changes.require(pending.changeId());
        assertThat(rfc.requester()).as("R-8.3d the RFC is raised by the assignee").isEqualTo("tom");
        assertThat(rfc.reason()).contains(problem.id());

        ProcessInstance change = instance(rfc.id());
        if ("UserTask_AssessChange".equals(engine.getTaskService().createTaskQuery()
                .processInstanceId(change.getId()).singleResult() == null ? null
                : engine.getTaskService().createTaskQuery().processInstanceId(change.getId()).singleResult()
                        .getTaskDefinitionKey())) {
            complete(task(change), withVariables("riskAssessment", "low", "impactAssessment", "one volume",
                    "benefitAssessment", "no more failures", "securityImpact", "none", "continuityImpact", "none",
                    "decision", "APPROVE", "decisionReason", "fixes a problem"));
        }
        runDueJobs(change);
        assertThat(change).isWaitingAt("IntermediateCatchEvent_WindowOpens");
        clock(start.plusSeconds(1));
        runDueJobs(pi);
        assertThat(pi).as("R-8.3e the change is not implemented yet: the problem keeps waiting")
                .isWaitingAt("IntermediateCatchEvent_ChangePoll");
        runDueJobs(change);
        complete(task(change), withVariables("implementationOutcome", "SUCCESS", "implementationNote", "flashed"));
        complete(task(change), withVariables("reviewOutcome", "AS_PLANNED", "reviewNote", "ok", "lessonsLearned",
                "none"));
        runDueJobs(change);
        assertThat(changes.require(rfc.id()).status()).isEqualTo(ChangeStatus.CLOSED);

        clock(now().plus(Duration.ofDays(1)).plusSeconds(1));
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("IntermediateCatchEvent_WatchPeriodOver");
        Problem watching = problems.require(problem.id());
        assertThat(watching.status()).isEqualTo(ProblemStatus.WATCHING);
        assertThat(watching.fixedAt()).isNotNull();
        assertThat(knownErrors.require(ke.id()).status()).isEqualTo("FIXED");
        return rfc;
    }

    @Test
    @DisplayName("R-8.3a R-8.3b R-8.3c R-8.3d R-8.3e R-8.3f from trend: prioritised, known error recorded, RFC raised and implemented, closed after a quiet watch period")
    void fromTrendToClosure() {
        clock(Instant.parse("2026-10-05T02:00:00Z"));
        Problem problem = fromTrend("STO-HR-VOL-01", "hardware");
        ProcessInstance pi = instance(problem.id());
        runDueJobs(pi);
        diagnoseAndFix(pi, problem);

        clock(now().plus(Duration.ofDays(31)));
        runDueJobs(pi);
        assertThat(pi).isEnded();
        assertThat(pi).hasPassed("ServiceTask_ReviewEffectiveness", "ServiceTask_CloseProblem", "EndEvent_ProblemClosed");
        Problem closed = problems.require(problem.id());
        assertThat(closed.status()).isEqualTo(ProblemStatus.CLOSED);
        assertThat(closed.closedAt()).isNotNull();
        assertThat(closed.reopenCount()).isZero();
        assertThat(problems.journal(problem.id())).extracting(ProblemJournalEntry::code)
                .contains("NEW", "PRIORITISED", "KNOWN_ERROR", "RFC_RAISED", "WATCHING", "CLOSED");
        assertThat(improvements.fromSource("PROBLEM_REVIEW", problem.id()))
                .as("R-4.4 the effectiveness review feeds the service improvement register").hasSize(1)
                .allMatch(item -> item.title().startsWith("Prevent recurrence"));
    }

    @Test
    @DisplayName("R-8.3e R-8.3c recurrence in the watch period: the new incident is linked and the problem reopened for investigation")
    void reopenedOnRecurrence() {
        clock(Instant.parse("2026-10-19T02:00:00Z"));
        Problem problem = fromTrend("DB-HR-PROD", "software");
        ProcessInstance pi = instance(problem.id());
        runDueJobs(pi);
        diagnoseAndFix(pi, problem);

        clock(now().plus(Duration.ofDays(3)));
        Incident again = report("DB-HR-PROD", "software");
        assertThat(problems.require(problem.id()).incidentIds()).as("linked to the open problem, no new problem")
                .contains(again.id());
        assertThat(problemsOn("DB-HR-PROD", "software")).hasSize(1);

        clock(now().plus(Duration.ofDays(30)));
        runDueJobs(pi);
        assertThat(pi).hasPassed("ServiceTask_ReopenProblem");
        assertThat(pi).isWaitingAt("UserTask_InvestigateProblem");
        Problem reopened = problems.require(problem.id());
        assertThat(reopened.status()).isEqualTo(ProblemStatus.REOPENED);
        assertThat(reopened.reopenCount()).isEqualTo(1);
        assertThat(reopened.fixedAt()).isNull();
        assertThat(problems.journal(problem.id())).extracting(ProblemJournalEntry::text)
                .anyMatch(t -> t.startsWith("Recurred after the fix") && t.contains(again.id()));

        complete(task(pi), withVariables("rootCause", "The firmware was not the only cause: the cache is too small",
                "symptoms", "Pages fail to save", "workaround", "Save again after a minute"));
        Problem known = problems.require(problem.id());
        assertThat(known.knownErrorId()).as("the same known error, updated").isEqualTo(reopened.knownErrorId());
        assertThat(knownErrors.require(known.knownErrorId()).status()).isEqualTo("OPEN");
        assertThat(knownErrors.require(known.knownErrorId()).rootCause()).contains("cache");
        assertThat(pi).isWaitingAt("UserTask_PlanFix");
    }
}
