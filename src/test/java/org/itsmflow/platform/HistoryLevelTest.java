package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.conformance.ProcessTrace;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The history level itsm-full on PostgreSQL (issue 9, ADR 0012): an incident's user task shows its display copies
 * from runtime rows while they leave no history, the incident process writes no variable-update details, and
 * everything the product, an auditor, Cockpit and Tasklist read is still written: process, activity, task, identity
 * link, decision and user operation history, the last value of each process variable (R-3.2 evidence, R-8.2b,
 * R-4.3b).
 */
@PostgresTest
class HistoryLevelTest {

    /** Wednesday 4 November 2026, 10:00 in Shanghai: a working day, in the past (see IncidentProcessTest). */
    static final Instant WEDNESDAY_10AM = Instant.parse("2026-11-04T02:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    IncidentService incidents;
    @Autowired
    ProcessTrace trace;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(WEDNESDAY_10AM));
    }

    @AfterEach
    void reset() {
        ClockUtil.reset();
        engine.getIdentityService().clearAuthentication();
    }

    @Test
    @DisplayName("the engine runs at itsm-full, stored as such in ACT_GE_PROPERTY")
    void levelConfiguredAndStored() {
        ProcessEngineConfigurationImpl cfg = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(cfg.getHistoryLevel()).isInstanceOf(ItsmHistoryLevel.class);
        assertThat(engine.getManagementService().getHistoryLevel()).isEqualTo(ItsmHistoryLevel.ID);
        assertThat(jdbc.sql("select value_ from act_ge_property where name_ = 'historyLevel'").query(String.class)
                .single()).isEqualTo(String.valueOf(ItsmHistoryLevel.ID));
        assertThat(((ItsmHistoryLevel) cfg.getHistoryLevel()).journalledProcesses())
                .contains("IncidentManagement", "ChangeManagement");
    }

    @Test
    @DisplayName("R-3.2 R-8.2b R-4.3b display copies have runtime rows but no history; decisions, activities, tasks, identity links, operations and variables' last values stay")
    void dropsDisplayCopiesAndDetailsKeepsWhatIsRead() {
        Incident incident = incidents.report(new NewIncident("Scanner jams (history level)", "described by the test",
                "email", null, "hardware", Level.MEDIUM, Level.LOW, "kate"), "sara");
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(incident.id()).singleResult();
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_TriageIncident");
        Task triage = engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
        HistoryService history = engine.getHistoryService();

        // Tasklist reads the copies from runtime rows
        Map<String, Object> shown = engine.getTaskService().getVariablesLocal(triage.getId());
        assertThat(shown).containsEntry("incidentTitle", "Scanner jams (history level)")
                .containsKeys("serviceName", "priorityReason", "slaSummary", "knownErrors", "ciName");
        assertThat(jdbc.sql("select count(*) from act_ru_variable where task_id_ = ?").param(triage.getId())
                .query(Integer.class).single()).isEqualTo(shown.size());
        // ... and they have no history, neither instance nor detail
        assertThat(history.createHistoricVariableInstanceQuery().taskIdIn(triage.getId()).count()).isZero();
        assertThat(historyRows("act_hi_varinst", pi)).as("history of process variables only")
                .isEqualTo(history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).count());
        assertThat(historyRows("act_hi_detail", pi)).as("no variable-update details for the incident process").isZero();
        assertThat(jdbc.sql("select count(*) from act_hi_job_log where process_instance_id_ = ?").param(pi.getId())
                .query(Integer.class).single()).as("no job log of jobs that ran fine").isZero();

        // kept: the last value of every process variable (the service review and change risk query by them) ...
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).list())
                .extracting(HistoricVariableInstance::getName)
                .contains("incidentId", "serviceId", "reportedBy", "priority", "assignmentGroup");
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("IncidentManagement")
                .variableValueEquals("serviceId", "email").processInstanceId(pi.getId()).count()).isOne();
        // ... the decision evidence (R-8.2b), activities, the task and its candidate group
        assertThat(history.createHistoricDecisionInstanceQuery().processInstanceId(pi.getId()).includeInputs()
                .includeOutputs().list()).hasSize(2).allSatisfy(d -> assertThat(d.getInputs()).isNotEmpty());
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi.getId()).list())
                .extracting(HistoricActivityInstance::getActivityId)
                .contains("StartEvent_IncidentReported", "BusinessRuleTask_DeterminePriority",
                        "BusinessRuleTask_ClassifyIncident", "UserTask_TriageIncident");
        assertThat(history.createHistoricTaskInstanceQuery().taskId(triage.getId()).count()).isOne();
        assertThat(history.createHistoricIdentityLinkLogQuery().taskId(triage.getId()).count()).isPositive();
        // ... and a reader of that history (the conformance evidence, R-3.2) still finds the instance
        assertThat(trace.started("IncidentManagement", new ReportPeriod(WEDNESDAY_10AM.minusSeconds(3600),
                WEDNESDAY_10AM.plusSeconds(3600)))).extracting(ProcessTrace.Started::instanceId).contains(pi.getId());

        // the person works the task: the operations are logged, the copies go without leaving history behind
        engine.getIdentityService().setAuthentication("demo", List.of("camunda-admin"));
        engine.getTaskService().claim(triage.getId(), "demo");
        engine.getTaskService().complete(triage.getId(), Map.of("triageDecision", "CONFIRM"));
        engine.getIdentityService().clearAuthentication();
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ResolveIncident");
        assertThat(jdbc.sql("select count(*) from act_ru_variable where task_id_ = ?").param(triage.getId())
                .query(Integer.class).single()).isZero();
        assertThat(history.createHistoricVariableInstanceQuery().taskIdIn(triage.getId()).count()).isZero();
        assertThat(historyRows("act_hi_detail", pi)).isZero();
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName("triageDecision").singleResult().getValue()).isEqualTo("CONFIRM");
        assertThat(history.createUserOperationLogQuery().taskId(triage.getId()).list())
                .extracting(entry -> entry.getOperationType()).contains("Claim", "Complete");
        assertThat(history.createHistoricTaskInstanceQuery().taskId(triage.getId()).singleResult().getAssignee())
                .isEqualTo("demo");
        Task resolve = engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(engine.getTaskService().getVariablesLocal(resolve.getId())).containsKey("incidentTitle");
        assertThat(history.createHistoricVariableInstanceQuery().taskIdIn(resolve.getId()).count()).isZero();
    }

    private long historyRows(String table, ProcessInstance pi) {
        return jdbc.sql("select count(*) from " + table + " where proc_inst_id_ = ?").param(pi.getId())
                .query(Long.class).single();
    }
}
