package org.itsmflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.util.Date;

import jakarta.mail.MessagingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
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
 * An SLA breach is escalated once (R-6.1d, R-8.2c), however often the step that escalates it runs. The resolution
 * timer is attached to "Investigate and resolve"; every time an incident re-enters that task after its resolution
 * target passed (reassigned, customer answered, reopened) the timer is created again with the past due time and
 * fires at once. The breach record was already idempotent; the escalation journal entry and the escalation e-mail to
 * the service owners were not, so one breach was escalated again on every pass. The same guard makes a timer job
 * that runs a second time (another node, a retry) harmless.
 */
@PostgresTest
class EscalationOnceTest {

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
    @DisplayName("R-6.1d R-8.2c a resolution breach is escalated once although the incident is reassigned after it")
    void breachEscalatedOnceAcrossReassignment() {
        Incident incident = incidents.report(new NewIncident("Payslips not generated (escalate once)",
                "described by the test", "hr-portal", null, "access", Level.LOW, Level.MEDIUM, "kate"), "sara");
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(incident.id()).singleResult();
        EngineJobs.runDue(engine, pi.getId());
        complete(task(pi), withVariables("triageDecision", "CONFIRM"));
        EngineJobs.runDue(engine, pi.getId());

        String resolutionDueAt = (String) engine.getRuntimeService().getVariable(pi.getId(), "resolutionDueAt");
        ClockUtil.setCurrentTime(Date.from(Instant.parse(resolutionDueAt).plusSeconds(60)));
        EngineJobs.runDue(engine, pi.getId());
        assertThat(escalations(incident)).as("escalated when the target passed").isEqualTo(1);
        assertThat(escalationMails(incident)).isEqualTo(1);

        // the second line hands it on: "Investigate and resolve" again, its resolution timer due in the past
        complete(task(pi), withVariables("resolution", "REASSIGN", "assignmentGroup", "network",
                "resolutionNote", "Looks like a network problem"));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ResolveIncident");

        assertThat(escalations(incident)).as("the same breach is not escalated again").isEqualTo(1);
        assertThat(escalationMails(incident)).as("service owners are told once").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from sla_breach where record_id = ? and kind = 'RESOLUTION'")
                .param(incident.id()).query(Integer.class).single()).isEqualTo(1);
        assertThat(task(pi)).extracting(t -> engine.getTaskService().getIdentityLinksForTask(t.getId()).stream()
                .map(l -> l.getGroupId()).toList()).asList().contains("network");
    }

    @Test
    @DisplayName("R-6.1d R-8.2c the breach, its escalation and the escalation mail commit with the timer; the outbox sends it after the commit")
    void escalationMailQueuedWithTheBreach() {
        Incident incident = incidents.report(new NewIncident("Payroll export stuck (mail after commit)",
                "described by the test", "hr-portal", null, "access", Level.LOW, Level.MEDIUM, "kate"), "sara");
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(incident.id()).singleResult();
        EngineJobs.runDue(engine, pi.getId());
        complete(task(pi), withVariables("triageDecision", "CONFIRM"));
        EngineJobs.runDue(engine, pi.getId());
        outbox.sendDue();
        String resolutionDueAt = (String) engine.getRuntimeService().getVariable(pi.getId(), "resolutionDueAt");
        ClockUtil.setCurrentTime(Date.from(Instant.parse(resolutionDueAt).plusSeconds(60)));

        // only the resolution timer: its transaction records breach and escalation and queues the mail; SMTP sees
        // nothing before the commit, and no job is left for the mail
        Job timer = engine.getManagementService().createJobQuery().processInstanceId(pi.getId())
                .activityId("BoundaryEvent_ResolutionDue").singleResult();
        engine.getManagementService().executeJob(timer.getId());
        assertThat(jdbc.sql("select count(*) from sla_breach where record_id = ? and kind = 'RESOLUTION'")
                .param(incident.id()).query(Integer.class).single()).isEqualTo(1);
        assertThat(escalations(incident)).as("escalation recorded with the breach").isEqualTo(1);
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId())
                .activityId("ServiceTask_NotifyEscalation").count()).as("no asynchronous mail step").isZero();
        assertThat(outbox.about(incident.id())).filteredOn(m -> m.code().equals("ESCALATION_MAIL_RESOLUTION"))
                .singleElement().satisfies(m -> {
                    assertThat(m.state()).as("queued in the timer's transaction, not yet sent").isEqualTo("PENDING");
                    assertThat(m.recipients()).contains("olivia@itsm-flow.example", "tom@itsm-flow.example");
                });

        assertThat(escalationMails(incident)).isEqualTo(1);
        assertThat(TestMailServer.to("tom@itsm-flow.example").stream().anyMatch(m -> {
            try {
                return m.getSubject().startsWith("[" + incident.id() + "] Escalation");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).as("the next support line is told too").isTrue();
        assertThat(outbox.about(incident.id())).filteredOn(m -> m.code().equals("ESCALATION_MAIL_RESOLUTION"))
                .singleElement().satisfies(m -> {
                    assertThat(m.state()).isEqualTo("SENT");
                    assertThat(m.sentAt()).as("when SMTP accepted it, the evidence beside the journal").isNotNull();
                });
        assertThat(jdbc.sql("select text from incident_journal where incident_id = ? "
                + "and code = 'ESCALATION_MAIL_RESOLUTION'").param(incident.id()).query(String.class).list())
                .singleElement().asString().startsWith("Queued as mail ");

        // a second run of the mail step (another pass of the process) queues nothing more
        engine.getRuntimeService().createProcessInstanceModification(pi.getId())
                .startBeforeActivity("ServiceTask_NotifyEscalation").execute();
        EngineJobs.runDue(engine, pi.getId());
        assertThat(escalationMails(incident)).as("mailed once per escalation").isEqualTo(1);
        assertThat(outbox.about(incident.id())).filteredOn(m -> m.code().equals("ESCALATION_MAIL_RESOLUTION"))
                .hasSize(1);
    }

    private int escalations(Incident incident) {
        return jdbc.sql("select count(*) from incident_journal where incident_id = ? and code = 'ESCALATED_RESOLUTION'")
                .param(incident.id()).query(Integer.class).single();
    }

    /** Escalation e-mails to the service owner; GreenMail keeps one copy per recipient, so count Message-IDs. */
    private long escalationMails(Incident incident) {
        outbox.sendDue();
        return TestMailServer.to("olivia@itsm-flow.example").stream().filter(m -> {
            try {
                return m.getSubject().startsWith("[" + incident.id() + "] Escalation");
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
