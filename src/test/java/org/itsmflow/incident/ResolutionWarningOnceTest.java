package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.util.Date;

import jakarta.mail.MessagingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.platform.MailOutbox;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.itsmflow.support.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The advance warning that the resolution target is at risk (R-8.2c) is given once per clock target. The warning
 * timer is attached to "Investigate and resolve"; every time an incident re-enters that task after the warning time
 * (reassigned, customer answered, reopened) the timer is created again with a past due time and fires at once, and
 * the "Resolution target at risk" mail went out again on every pass.
 */
@PostgresTest
class ResolutionWarningOnceTest {

    /** Wednesday 4 November 2026, 10:00 in Shanghai: a working day, in the past (see IncidentProcessTest). */
    static final Instant WEDNESDAY_10AM = Instant.parse("2026-11-04T02:00:00Z");

    @Autowired
    ProcessEngine engine;
    /** Sends what committed steps queued (the job executor and the outbox dispatcher are off in tests). */
    @Autowired
    MailOutbox outbox;
    @Autowired
    IncidentService incidents;
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
    @DisplayName("R-8.2c the resolution-at-risk warning is given once although the incident re-enters resolution after it")
    void warnedOnceAcrossReassignmentAndCustomerAnswer() {
        Incident incident = incidents.report(new NewIncident("Payslips late (warn once)", "described by the test",
                "hr-portal", null, "access", Level.LOW, Level.MEDIUM, "kate"), "sara");
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(incident.id()).singleResult();
        EngineJobs.runDue(engine, pi.getId());
        complete(task(pi), withVariables("triageDecision", "CONFIRM"));
        EngineJobs.runDue(engine, pi.getId());

        String warningAt = (String) engine.getRuntimeService().getVariable(pi.getId(), "resolutionWarningAt");
        ClockUtil.setCurrentTime(Date.from(Instant.parse(warningAt).plusSeconds(60)));
        EngineJobs.runDue(engine, pi.getId());
        assertThat(warnings(incident)).as("warned when the warning time passed").isEqualTo(1);
        assertThat(warningMails(incident)).isEqualTo(1);

        // handed to another group: "Investigate and resolve" again, its warning timer due in the past
        complete(task(pi), withVariables("resolution", "REASSIGN", "assignmentGroup", "network",
                "resolutionNote", "Looks like a network problem"));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ResolveIncident");
        assertThat(warnings(incident)).as("no second warning after reassignment").isEqualTo(1);
        assertThat(warningMails(incident)).as("the customer is warned once").isEqualTo(1);

        // asks the customer and gets an answer: the clock moved by the pause, the target is the same
        complete(task(pi), withVariables("resolution", "PENDING_CUSTOMER", "resolutionNote", "Which payroll run?"));
        EngineJobs.runDue(engine, pi.getId());
        complete(task(pi), withVariables("customerReply", "November"));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ResolveIncident");
        assertThat(warnings(incident)).as("no second warning after the customer answered").isEqualTo(1);
        assertThat(warningMails(incident)).isEqualTo(1);
    }

    private int warnings(Incident incident) {
        return jdbc.sql("select count(*) from incident_journal where incident_id = ? and code = 'SLA_WARNING'")
                .param(incident.id()).query(Integer.class).single();
    }

    /** Warning e-mails to the reporter; GreenMail keeps one copy per recipient, so count Message-IDs. */
    private long warningMails(Incident incident) {
        outbox.sendDue();
        return TestMailServer.to("kate@itsm-flow.example").stream().filter(m -> {
            try {
                return m.getSubject().startsWith("[" + incident.id() + "] Resolution target at risk");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).map(m -> {
            try {
                return m.getHeader("Message-ID")[0];
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().count();
    }
}
