package org.itsmflow.complaint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.MailOutbox;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.itsmflow.support.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The complaint process end to end on PostgreSQL with the real delegates, decision table, calendars and SMTP: a
 * complaint resolved and accepted, one escalated twice, one closed without the customer's acceptance, informal
 * feedback, and a complaint raised from Tasklist's start form. Timers are driven by the engine clock.
 */
@PostgresTest
class ComplaintProcessTest {

    /** Wednesday 4 November 2026, 10:00 in Shanghai: a working day of the demo calendar, in the past. */
    static final Instant WEDNESDAY_10AM = Instant.parse("2026-11-04T02:00:00Z");

    @Autowired
    ProcessEngine engine;
    /** Sends what committed steps queued (the job executor and the outbox dispatcher are off in tests). */
    @Autowired
    MailOutbox outbox;
    @Autowired
    ComplaintService complaints;
    @Autowired
    IncidentService incidents;
    @Autowired
    ImprovementRegister register;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(WEDNESDAY_10AM));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
        engine.getIdentityService().clearAuthentication();
    }

    ProcessInstance instance(Complaint complaint) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(complaint.id())
                .singleResult();
    }

    void runDueJobs(ProcessInstance pi) {
        EngineJobs.runDue(engine, pi.getId());
    }

    void moveClockTo(Instant at) {
        ClockUtil.setCurrentTime(Date.from(at));
    }

    String local(ProcessInstance pi, String name) {
        return String.valueOf(engine.getTaskService().getVariableLocal(task(pi).getId(), name));
    }

    List<String> candidateGroups(ProcessInstance pi) {
        return engine.getTaskService().getIdentityLinksForTask(task(pi).getId()).stream()
                .filter(l -> l.getGroupId() != null).map(IdentityLink::getGroupId).toList();
    }

    List<String> journalCodes(Complaint complaint) {
        return complaints.view(complaint.id()).journal().stream().map(ComplaintJournalEntry::code).toList();
    }

    void acknowledgeInvestigateAct(ProcessInstance pi, boolean causeFound) {
        complete(task(pi), withVariables("acknowledgement", "We are sorry; we are looking into it."));
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_InvestigateComplaint");
        complete(task(pi), withVariables("causeFound", causeFound, "cause",
                causeFound ? "Posting job restarts were not announced to customers" : null,
                "investigationNote", "Checked the incident history"));
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_DecideActions");
        complete(task(pi), withVariables("actions", "Announce restarts on the status page"));
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ReportOutcome");
        complete(task(pi), withVariables("outcome", "Restarts will be announced from now on."));
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_CloseComplaint");
    }

    @Test
    @DisplayName("R-7.2c R-7.2e R-4.4 resolved: a customer's formal complaint about an incident is acknowledged, "
            + "investigated with the incident's history, acted upon, reported, closed with acceptance; the cause becomes an improvement")
    void resolved() {
        Incident incident = incidents.report(new NewIncident("ERP postings fail", "since 9:00", "erp", null, "software",
                Level.MEDIUM, Level.MEDIUM, "kate"), "kate");
        Complaint complaint = complaints.raise(new NewComplaint("Invoices lost twice", "Nobody told us",
                Severity.MEDIUM, null, incident.id(), null, null, null), "kate");

        assertThat(complaint.id()).matches("CMP-\\d{6}");
        assertThat(complaint.customerId()).as("kate is Acme's contact").isEqualTo("acme");
        assertThat(complaint.serviceId()).as("taken from the incident").isEqualTo("erp");
        assertThat(complaint.formal()).as("R-7.2c Acme agreed the formal procedure").isTrue();
        assertThat(complaint.ownerGroup()).as("R-7.2e").isEqualTo("customerrelations");
        assertThat(complaint.classificationReason()).contains("Acme");
        // Rule_KeyAccountMedium: acknowledge within 2 business hours: Wednesday 10:00 → 12:00 (Shanghai)
        assertThat(complaint.acknowledgeDueAt()).isEqualTo(Instant.parse("2026-11-04T04:00:00Z"));
        assertThat(complaint.resolutionDueAt()).isAfter(complaint.acknowledgeDueAt());
        assertThat(complaint.secondEscalationAt()).isAfter(complaint.resolutionDueAt());

        ProcessInstance pi = instance(complaint);
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_AcknowledgeComplaint");
        BpmnAwareTests.assertThat(task(pi)).hasCandidateGroup("customerrelations");
        assertThat(local(pi, "complaintSummary")).contains(complaint.id()).contains("formal complaint")
                .contains("Acme Trading Co.");
        complete(task(pi), withVariables("acknowledgement", "We are sorry; we are looking into it."));
        assertThat(local(pi, "referenceSummary")).as("R-7.2c the investigation sees the incident and its history")
                .contains(incident.id()).contains("History").contains("Incident recorded");
        complete(task(pi), withVariables("causeFound", true, "cause", "Posting job restarts were not announced",
                "investigationNote", "Checked the incident history"));
        complete(task(pi), withVariables("actions", "Announce restarts on the status page"));
        complete(task(pi), withVariables("outcome", "Restarts will be announced from now on."));
        assertThat(local(pi, "progressSummary")).contains("Cause found").contains("status page");
        complete(task(pi), withVariables("customerAcceptance", "ACCEPTED"));
        BpmnAwareTests.assertThat(pi).isEnded().hasPassed("ServiceTask_RecordImprovement");

        Complaint closed = complaints.require(complaint.id());
        assertThat(closed.status()).isEqualTo(ComplaintStatus.CLOSED);
        assertThat(closed.closureCode()).isEqualTo("ACCEPTED");
        assertThat(closed.acknowledgedAt()).isNotNull();
        assertThat(closed.cause()).contains("not announced");
        assertThat(closed.escalationLevel()).isZero();
        assertThat(closed.improvementId()).matches("SIP-\\d{6}");
        ImprovementItem item = register.find(closed.improvementId()).orElseThrow();
        assertThat(item.source()).isEqualTo("COMPLAINT");
        assertThat(item.sourceRef()).isEqualTo(complaint.id());
        assertThat(item.status()).isEqualTo("PROPOSED");
        assertThat(item.priority()).isEqualTo("MEDIUM");
        assertThat(journalCodes(complaint)).containsSubsequence("RECEIVED", "CLASSIFIED_FORMAL", "ACKNOWLEDGED",
                "INVESTIGATED", "ACTIONED", "OUTCOME_REPORTED", "CLOSED", "IMPROVEMENT");
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("kate@itsm-flow.example"))
                .anyMatch(s -> s.startsWith("[" + complaint.id() + "] Complaint received"))
                .anyMatch(s -> s.startsWith("[" + complaint.id() + "] Complaint acknowledged"))
                .anyMatch(s -> s.startsWith("[" + complaint.id() + "] Outcome of your complaint"))
                .anyMatch(s -> s.startsWith("[" + complaint.id() + "] Complaint closed"));
        assertThat(engine.getRuntimeService().createVariableInstanceQuery().processInstanceIdIn(pi.getId()).count())
                .isZero();
    }

    @Test
    @DisplayName("R-7.2d escalated twice: late acknowledgement reminded, then the customer-relations manager at the "
            + "resolution target, then management, each recorded and notified")
    void escalatedTwice() {
        Complaint complaint = complaints.raise(new NewComplaint("E-mail lost for a day", "Our mail bounced all day",
                Severity.HIGH, "email", null, null, "acme", "kate"), "sara");
        assertThat(complaint.raisedBy()).isEqualTo("kate");
        assertThat(complaint.recordedBy()).as("the service desk raised it on kate's behalf").isEqualTo("sara");
        ProcessInstance pi = instance(complaint);
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_AcknowledgeComplaint");

        moveClockTo(complaint.acknowledgeDueAt().plus(Duration.ofMinutes(1)));
        runDueJobs(pi);
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_AcknowledgeComplaint");
        assertThat(journalCodes(complaint)).contains("ACKNOWLEDGEMENT_OVERDUE");
        assertThat(complaints.require(complaint.id()).escalationLevel()).isZero();
        complete(task(pi), withVariables("acknowledgement", "Sorry, we are on it."));

        moveClockTo(complaint.resolutionDueAt().plus(Duration.ofMinutes(1)));
        runDueJobs(pi);
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_InvestigateComplaint");
        assertThat(complaints.require(complaint.id()).escalationLevel()).isEqualTo(1);
        assertThat(journalCodes(complaint)).contains("CUSTOMER_RELATIONS_MANAGER");
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("carla@itsm-flow.example"))
                .anyMatch(s -> s.startsWith("[" + complaint.id() + "] Escalation"));

        moveClockTo(complaint.secondEscalationAt().plus(Duration.ofMinutes(1)));
        runDueJobs(pi);
        Complaint escalated = complaints.require(complaint.id());
        assertThat(escalated.escalationLevel()).isEqualTo(2);
        assertThat(journalCodes(complaint)).containsSubsequence("CUSTOMER_RELATIONS_MANAGER", "MANAGEMENT");
        assertThat(candidateGroups(pi)).as("management may work the open task").contains("serviceowners",
                "customerrelations");
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("olivia@itsm-flow.example"))
                .anyMatch(s -> s.startsWith("[" + complaint.id() + "] Escalation"));
        assertThat(local(pi, "complaintSummary")).as("the open task shows the escalation").contains("ESCALATED to management");

        complete(task(pi), withVariables("causeFound", false, "investigationNote", "A relay outage"));
        complete(task(pi), withVariables("actions", "Second relay added"));
        complete(task(pi), withVariables("outcome", "A second relay now takes over."));
        complete(task(pi), withVariables("customerAcceptance", "ACCEPTED"));
        BpmnAwareTests.assertThat(pi).isEnded().hasNotPassed("ServiceTask_RecordImprovement");
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
    }

    @Test
    @DisplayName("R-7.2c closed without acceptance: refused without a reason, closed formally with the recorded reason")
    void closedWithoutAcceptance() {
        Complaint complaint = complaints.raise(new NewComplaint("Shop down at peak time", "Lost sales",
                Severity.HIGH, "online-shop", null, null, null, null), "lee");
        assertThat(complaint.customerId()).isEqualTo("globex");
        assertThat(complaint.classificationReason()).contains("online shop");
        ProcessInstance pi = instance(complaint);
        acknowledgeInvestigateAct(pi, false);

        String closeTask = task(pi).getId();
        assertThatThrownBy(() -> engine.getTaskService().complete(closeTask,
                Map.of("customerAcceptance", "NOT_ACCEPTED")))
                .hasRootCauseInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("closed without the customer's acceptance");
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_CloseComplaint");
        complete(task(pi), withVariables("customerAcceptance", "NOT_ACCEPTED", "closureReason",
                "The customer wants compensation, which the contract does not provide"));
        BpmnAwareTests.assertThat(pi).isEnded();
        Complaint closed = complaints.require(complaint.id());
        assertThat(closed.closureCode()).isEqualTo("NOT_ACCEPTED");
        assertThat(closed.closureReason()).contains("compensation");
        assertThat(closed.improvementId()).as("no cause found, no improvement").isNull();
        assertThat(register.fromSource("COMPLAINT", complaint.id())).isEmpty();
    }

    @Test
    @DisplayName("R-7.2c informal feedback from staff without a customer is answered, not handled as a formal complaint")
    void informalFeedback() {
        Complaint complaint = complaints.raise(new NewComplaint("HR portal is slow", "Takes ages to load",
                Severity.LOW, "hr-portal", null, null, null, null), "tom");
        assertThat(complaint.formal()).isFalse();
        assertThat(complaint.customerId()).isNull();
        ProcessInstance pi = instance(complaint);
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_AnswerFeedback");
        BpmnAwareTests.assertThat(task(pi)).hasCandidateGroup("customerrelations");
        complete(task(pi), withVariables("answer", "Thanks; the portal is being moved to faster servers."));
        BpmnAwareTests.assertThat(pi).isEnded().hasNotPassed("UserTask_AcknowledgeComplaint");
        assertThat(complaints.require(complaint.id()).closureCode()).isEqualTo("FEEDBACK_ANSWERED");
    }

    @Test
    @DisplayName("R-7.2c a customer raises a complaint from Tasklist's start form: recorded with a CMP id as business key")
    void startedFromTasklist() {
        String definition = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(ComplaintService.PROCESS_KEY).latestVersion().singleResult().getId();
        engine.getIdentityService().setAuthentication("kate", List.of("customers"));
        ProcessInstance pi = engine.getFormService().submitStartForm(definition, Map.of("title", "Remote access drops", "description", "Every hour",
                "severity", "LOW", "serviceId", "remote-access"));
        engine.getIdentityService().clearAuthentication();
        assertThat(pi.getBusinessKey()).matches("CMP-\\d{6}");
        Complaint complaint = complaints.require(pi.getBusinessKey());
        assertThat(complaint.raisedBy()).isEqualTo("kate");
        assertThat(complaint.customerId()).isEqualTo("acme");
        assertThat(complaint.formal()).isTrue();
        assertThat(complaint.processInstanceId()).isEqualTo(pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_AcknowledgeComplaint");
        assertThat(engine.getRuntimeService().getVariables(pi.getId())).doesNotContainKeys("title", "description");
    }
}
