package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.servicelevel.ClockKind;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What one SLA escalation writes (issue 9: SLA timers at scale). A response escalation records the breach, the
 * escalation and its e-mail once each (R-6.1d, R-8.2c), and no longer writes the {@code escalation} input variable
 * (runtime and history rows) on its two tasks: the tasks name their target in an extension property.
 */
@PostgresTest
class EscalationWorkTest {

    /** Wednesday 4 November 2026, 10:00 in Shanghai: a working day, in the past (see IncidentProcessTest). */
    static final Instant WEDNESDAY_10AM = Instant.parse("2026-11-04T02:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    IncidentService incidents;
    @Autowired
    SlaClockService slaClocks;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(WEDNESDAY_10AM));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    @DisplayName("R-6.1d R-8.2c a response escalation records breach, escalation and mail once and writes no process variable")
    void responseEscalationWritesRecordsButNoVariables() {
        Incident incident = incidents.report(new NewIncident("Printer queue stuck (escalation work)",
                "described by the test", "email", null, "software", Level.MEDIUM, Level.MEDIUM, "kate"), "sara");
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(incident.id()).singleResult();
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_TriageIncident");
        long variables = historicVariables(pi);
        long details = engine.getHistoryService().createHistoricDetailQuery().processInstanceId(pi.getId()).count();

        Instant due = slaClocks.status(incident.id()).stream().filter(c -> c.kind() == ClockKind.RESPONSE)
                .findFirst().orElseThrow().dueAt();
        ClockUtil.setCurrentTime(Date.from(due.plusSeconds(60)));
        EngineJobs.runDue(engine, pi.getId());

        BpmnAwareTests.assertThat(pi).hasPassed("ServiceTask_EscalateResponse", "ServiceTask_NotifyResponseEscalation");
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_TriageIncident");
        assertThat(journalled(incident, "BREACH_RESPONSE")).isEqualTo(1);
        assertThat(journalled(incident, "ESCALATED_RESPONSE")).isEqualTo(1);
        assertThat(journalled(incident, "ESCALATION_MAIL_RESPONSE")).isEqualTo(1);
        assertThat(slaClocks.breaches(incident.id())).extracting(b -> b.kind()).containsExactly(ClockKind.RESPONSE);
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName("escalation").count()).as("no escalation variable").isZero();
        assertThat(historicVariables(pi)).as("the escalation writes no variable").isEqualTo(variables);
        assertThat(engine.getHistoryService().createHistoricDetailQuery().processInstanceId(pi.getId()).count())
                .as("nor any variable history").isEqualTo(details);

        // the same escalation again (a second run of the timer's path, e.g. another node) records nothing more
        engine.getRuntimeService().createProcessInstanceModification(pi.getId())
                .startBeforeActivity("ServiceTask_EscalateResponse").execute();
        EngineJobs.runDue(engine, pi.getId());
        assertThat(journalled(incident, "BREACH_RESPONSE")).isEqualTo(1);
        assertThat(journalled(incident, "ESCALATED_RESPONSE")).isEqualTo(1);
        assertThat(journalled(incident, "ESCALATION_MAIL_RESPONSE")).isEqualTo(1);
        assertThat(slaClocks.breaches(incident.id())).hasSize(1);
    }

    private long historicVariables(ProcessInstance pi) {
        return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).count();
    }

    private int journalled(Incident incident, String code) {
        return jdbc.sql("select count(*) from incident_journal where incident_id = ? and code = ?")
                .params(incident.id(), code).query(Integer.class).single();
    }
}
