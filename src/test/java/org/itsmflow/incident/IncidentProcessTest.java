package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.conformance.Evidence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.servicelevel.ClockKind;
import org.itsmflow.servicelevel.ClockState;
import org.itsmflow.servicelevel.OutageService;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.servicelevel.SlaClockView;
import org.itsmflow.platform.MailOutbox;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.itsmflow.support.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The incident process end to end on PostgreSQL with the real delegates, decision tables, SLA store and SMTP:
 * the happy path and each detour. Timers are driven by the engine clock, never by sleeping.
 */
@PostgresTest
class IncidentProcessTest {

    /**
     * Wednesday 4 November 2026, 10:00 in Shanghai: a working day in the demo calendar, and in the past, so the tasks
     * these tests leave behind sort after the ones other tests create now.
     */
    static final Instant WEDNESDAY_10AM = Instant.parse("2026-11-04T02:00:00Z");

    @Autowired
    ProcessEngine engine;
    /** Sends what committed steps queued (the job executor and the outbox dispatcher are off in tests). */
    @Autowired
    MailOutbox outbox;
    @Autowired
    IncidentService incidents;
    @Autowired
    SlaClockService slaClocks;
    @Autowired
    OutageService outages;
    @Autowired
    KnownErrorsAtTriageConformanceCheck knownErrorsAtTriage;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(WEDNESDAY_10AM));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    Incident report(String title, String serviceId, String ciId, String category, Level impact, Level urgency) {
        return incidents.report(new NewIncident(title, "described by the test", serviceId, ciId, category, impact,
                urgency, "kate"), "sara");
    }

    ProcessInstance instance(Incident incident) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(incident.id())
                .singleResult();
    }

    /** Runs every job that is due now (async notifications, timers due at the engine clock). */
    void runDueJobs(ProcessInstance pi) {
        EngineJobs.runDue(engine, pi.getId());
    }

    void moveClockTo(Instant at) {
        ClockUtil.setCurrentTime(Date.from(at));
    }

    @Test
    @DisplayName("R-8.2d triage records the known errors its task showed and the one applied; the conformance check counts them")
    void knownErrorsShownAndAppliedAtTriage() {
        // the triage completes a minute after the start of the test clock, so a one-minute period holds only these
        ReportPeriod period = new ReportPeriod(WEDNESDAY_10AM.plusSeconds(30), WEDNESDAY_10AM.plusSeconds(90));
        Evidence before = knownErrorsAtTriage.evaluate(period);
        assertThat(before.verdict()).isEqualTo(Evidence.Verdict.NO_ACTIVITY);

        Incident matched = report("ERP postings fail again", "erp", "APP-ERP", "software", Level.HIGH, Level.MEDIUM);
        ProcessInstance pi = instance(matched);
        @SuppressWarnings("unchecked")
        List<Map<String, String>> choices = (List<Map<String, String>>) engine.getTaskService()
                .getVariableLocal(task(pi).getId(), "knownErrorChoices");
        assertThat(choices).extracting(c -> c.get("value")).contains("NONE", "KE-000001");

        Task bad = task(pi);
        assertThatThrownBy(() -> engine.getTaskService().complete(bad.getId(),
                withVariables("triageDecision", "CONFIRM", "knownErrorApplied", "KE-999999")))
                .isInstanceOf(org.itsmflow.platform.InvalidFieldException.class)
                .extracting("field").isEqualTo("knownErrorApplied");

        ClockUtil.setCurrentTime(Date.from(WEDNESDAY_10AM.plusSeconds(60)));
        complete(task(pi), withVariables("triageDecision", "CONFIRM", "knownErrorApplied", "KE-000001"));
        assertThat(pi).isWaitingAt("UserTask_ResolveIncident");
        Map<String, Object> row = jdbc.sql("select known_errors_shown, known_error_applied from incident where id = ?")
                .param(matched.id()).query().singleRow();
        assertThat((String) row.get("known_errors_shown")).contains("KE-000001");
        assertThat(row.get("known_error_applied")).isEqualTo("KE-000001");
        assertThat(jdbc.sql("select text from incident_journal where incident_id = ? and code = 'KNOWN_ERRORS_AT_TRIAGE'")
                .param(matched.id()).query(String.class).single()).contains("KE-000001").contains("applied: KE-000001");

        Incident other = report("ERP postings slow", "erp", "APP-ERP", "software", Level.LOW, Level.LOW);
        complete(task(instance(other)), withVariables("triageDecision", "CONFIRM", "knownErrorApplied", "NONE"));

        Evidence after = knownErrorsAtTriage.evaluate(period);
        assertThat(knownErrorsAtTriage.requirementId()).isEqualTo("R-8.2d");
        assertThat(after.verdict()).isEqualTo(Evidence.Verdict.MET);
        assertThat(after.figure()).startsWith("2 triages in the period; 2 showed known errors").endsWith("1 applied one");
    }

    @Test
    @DisplayName("R-8.2a R-8.2b R-8.2c happy path: recorded, prioritised, routed, triaged, resolved, confirmed, closed, customer told")
    void happyPath() {
        Incident incident = report("ERP invoices cannot be posted", "erp", "APP-ERP", "software", Level.HIGH, Level.MEDIUM);
        assertThat(incident.id()).matches("INC-\\d{6}");
        assertThat(incident.priority()).isEqualTo("P2");
        assertThat(incident.assignmentGroup()).isEqualTo("servicedesk");
        assertThat(incident.priorityReason()).isNotBlank();
        ProcessInstance pi = instance(incident);
        // the customer's mail is queued with the record (mail outbox, ADR 0013): reporting commits at the first user
        // task, no asynchronous step in between
        assertThat(pi).hasPassed("ServiceTask_NotifyIncidentRecorded").isWaitingAt("UserTask_TriageIncident");
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("UserTask_TriageIncident");
        assertThat(task(pi)).hasCandidateGroup("servicedesk");
        assertThat(engine.getTaskService().getVariableLocal(task(pi).getId(), "ciImpactSummary").toString())
                .contains("Services affected").contains("erp");
        assertThat(engine.getTaskService().getVariableLocal(task(pi).getId(), "knownErrors").toString())
                .as("R-8.2d R-8.3f the known error recorded on the ERP application is shown with its workaround")
                .contains("KE-000001").contains("Workaround");

        complete(task(pi), withVariables("triageDecision", "CONFIRM"));
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("UserTask_ResolveIncident");
        assertThat(task(pi)).hasCandidateGroup("servicedesk");
        assertThat(state(incident, ClockKind.RESPONSE)).isEqualTo(ClockState.STOPPED);

        complete(task(pi), withVariables("resolution", "RESOLVED", "resolutionNote", "Restarted the posting service"));
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("UserTask_ConfirmResolution");
        assertThat(task(pi)).hasCandidateUser("kate");
        complete(task(pi), withVariables("customerConfirmation", "CONFIRMED"));
        assertThat(pi).isWaitingAt("UserTask_CloseIncident");
        complete(task(pi), withVariables("closureCode", "SOLVED", "closureNote", "Fixed"));
        runDueJobs(pi);
        assertThat(pi).isEnded();

        Incident closed = incidents.require(incident.id());
        assertThat(closed.status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(closed.closureCode()).isEqualTo("SOLVED");
        assertThat(slaClocks.status(incident.id(), WEDNESDAY_10AM)).allMatch(c -> c.state() == ClockState.STOPPED);
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("kate@itsm-flow.example"))
                .anyMatch(s -> s.startsWith("[" + incident.id() + "] Incident recorded"))
                .anyMatch(s -> s.startsWith("[" + incident.id() + "] Incident in progress"))
                .anyMatch(s -> s.startsWith("[" + incident.id() + "] Incident resolved"))
                .anyMatch(s -> s.startsWith("[" + incident.id() + "] Incident closed"));
        assertThat(incidents.view(incident.id()).decisions()).extracting(IncidentDecision::decision)
                .contains("IncidentPriority", "IncidentClassification");
    }

    @Test
    @DisplayName("Tasklist: each task is named after its incident, ranked by its priority and due at its SLA target")
    void tasksCarryIncidentPriorityAndSlaDueDate() {
        Incident urgent = report("Invoices cannot be posted", "erp", "APP-ERP", "software", Level.HIGH, Level.MEDIUM);
        Incident minor = report("Shop search slow", "online-shop", null, "software", Level.LOW, Level.LOW);
        assertThat(urgent.priority()).isEqualTo("P2");
        assertThat(minor.priority()).isEqualTo("P4");
        Task urgentTriage = task(instance(urgent));
        Task minorTriage = task(instance(minor));

        assertThat(urgentTriage.getName()).isEqualTo("Triage incident " + urgent.id() + ": Invoices cannot be posted");
        assertThat(minorTriage.getName()).isEqualTo("Triage incident " + minor.id() + ": Shop search slow");
        assertThat(urgentTriage.getPriority()).isEqualTo(75);
        assertThat(minorTriage.getPriority()).isEqualTo(25);
        assertThat(urgentTriage.getDueDate().toInstant()).isEqualTo(dueAt(urgent, ClockKind.RESPONSE));
        assertThat(minorTriage.getDueDate().toInstant()).isEqualTo(dueAt(minor, ClockKind.RESPONSE));
        // Tasklist's description tab: written for the service desk, no requirement ids or outcome codes
        assertThat(urgentTriage.getDescription()).startsWith("Check the incident as reported")
                .doesNotContain("R-8.2").doesNotContain("triageDecision");
        // what Tasklist's list sorts by: the P2 first
        assertThat(engine.getTaskService().createTaskQuery().taskDefinitionKey("UserTask_TriageIncident")
                .processInstanceIdIn(urgent.processInstanceId(), minor.processInstanceId()).orderByTaskPriority().desc()
                .list()).extracting(Task::getId).containsExactly(urgentTriage.getId(), minorTriage.getId());

        ProcessInstance pi = instance(urgent);
        complete(urgentTriage, withVariables("triageDecision", "CONFIRM"));
        runDueJobs(pi);
        Task resolve = task(pi);
        assertThat(resolve.getName()).isEqualTo("Investigate and resolve " + urgent.id() + ": Invoices cannot be posted");
        assertThat(resolve.getPriority()).isEqualTo(75);
        assertThat(resolve.getDueDate().toInstant()).isEqualTo(dueAt(urgent, ClockKind.RESOLUTION));
    }

    @Test
    @DisplayName("R-8.2a an incident reported with Tasklist's start form is recorded and becomes the business key")
    void reportedFromTasklistStartForm() {
        String definitionId = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(IncidentService.PROCESS_KEY).latestVersion().singleResult().getId();
        engine.getIdentityService().setAuthentication("lee", List.of("customers"));
        ProcessInstance pi;
        try {
            pi = engine.getFormService().submitStartForm(definitionId, Map.of("title", "Cannot log in to the shop",
                    "description", "Login page loops", "serviceId", "online-shop", "ciId", "",
                    "category", "access", "impact", "LOW", "urgency", "HIGH"));
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
        String incidentId = (String) engine.getRuntimeService().getVariable(pi.getId(), "incidentId");
        assertThat(incidentId).matches("INC-\\d{6}");
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(pi.getId()).singleResult()
                .getBusinessKey()).isEqualTo(incidentId);
        Incident incident = incidents.require(incidentId);
        assertThat(incident.reportedBy()).isEqualTo("lee");
        assertThat(incident.title()).isEqualTo("Cannot log in to the shop");
        assertThat(incident.priority()).isEqualTo("P3");
        assertThat(incident.processInstanceId()).isEqualTo(pi.getId());
        assertThat(engine.getRuntimeService().getVariable(pi.getId(), "title")).isNull();
        // the reporter learns the incident's number: by mail, and in the name of every task about it
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("lee@itsm-flow.example"))
                .anyMatch(s -> s.equals("[" + incidentId + "] Incident recorded: Cannot log in to the shop"));
        assertThat(task(pi).getName()).endsWith(incidentId + ": Cannot log in to the shop");
    }

    @Test
    @DisplayName("R-6.1d R-8.2c response escalation: triage not done in time records a response breach and escalates")
    void responseEscalation() {
        Incident incident = report("Mailbox full", "email", null, "software", Level.MEDIUM, Level.MEDIUM);
        ProcessInstance pi = instance(incident);
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("UserTask_TriageIncident");
        Instant responseDue = dueAt(incident, ClockKind.RESPONSE);
        moveClockTo(responseDue.plusSeconds(60));
        runDueJobs(pi);
        assertThat(pi).hasPassed("ServiceTask_EscalateResponse");
        assertThat(pi).isWaitingAt("UserTask_TriageIncident");
        assertThat(slaClocks.breaches(incident.id())).extracting(b -> b.kind()).contains(ClockKind.RESPONSE);
        assertThat(incidents.view(incident.id()).journal()).extracting(JournalEntry::code).contains("ESCALATED_RESPONSE");
    }

    @Test
    @DisplayName("R-8.2c R-6.1d warning before the resolution target, then breach with functional and hierarchical escalation")
    void warningThenBreach() {
        Incident incident = report("Password reset fails", "hr-portal", null, "access", Level.LOW, Level.MEDIUM);
        ProcessInstance pi = instance(incident);
        runDueJobs(pi);
        complete(task(pi), withVariables("triageDecision", "CONFIRM"));
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("UserTask_ResolveIncident");
        assertThat(task(pi)).hasCandidateGroup("servicedesk");

        moveClockTo(Instant.parse(varString(pi, "resolutionWarningAt")).plusSeconds(1));
        runDueJobs(pi);
        assertThat(pi).hasPassed("ServiceTask_WarnOfBreach");
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("kate@itsm-flow.example"))
                .anyMatch(s -> s.startsWith("[" + incident.id() + "] Resolution target at risk"));
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("sara@itsm-flow.example"))
                .anyMatch(s -> s.startsWith("[" + incident.id() + "] Resolution target at risk"));

        moveClockTo(Instant.parse(varString(pi, "resolutionDueAt")).plusSeconds(1));
        runDueJobs(pi);
        assertThat(pi).hasPassed("ServiceTask_RecordBreach", "ServiceTask_EscalateBreach");
        assertThat(pi).isWaitingAt("UserTask_ResolveIncident");
        assertThat(task(pi)).hasCandidateGroup("secondline");
        assertThat(slaClocks.breaches(incident.id())).extracting(b -> b.kind()).contains(ClockKind.RESOLUTION);
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("olivia@itsm-flow.example"))
                .anyMatch(s -> s.startsWith("[" + incident.id() + "] Escalation"));
    }

    @Test
    @DisplayName("R-6.1d pending on the customer pauses the SLA clock and resuming moves the due time")
    void pauseAndResume() {
        Incident incident = report("VPN drops every hour", "remote-access", null, "network", Level.MEDIUM, Level.LOW);
        ProcessInstance pi = instance(incident);
        runDueJobs(pi);
        complete(task(pi), withVariables("triageDecision", "CONFIRM"));
        runDueJobs(pi);
        Instant dueBefore = dueAt(incident, ClockKind.RESOLUTION);
        complete(task(pi), withVariables("resolution", "PENDING_CUSTOMER", "resolutionNote", "Which client version?"));
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("UserTask_ProvideInformation");
        assertThat(incidents.require(incident.id()).status()).isEqualTo(IncidentStatus.PENDING_CUSTOMER);
        assertThat(state(incident, ClockKind.RESOLUTION)).isEqualTo(ClockState.PAUSED);

        moveClockTo(WEDNESDAY_10AM.plusSeconds(2 * 3600)); // two business hours later (10:00 -> 12:00)
        complete(task(pi), withVariables("customerReply", "Version 5.2"));
        assertThat(pi).isWaitingAt("UserTask_ResolveIncident");
        Instant dueAfter = dueAt(incident, ClockKind.RESOLUTION);
        assertThat(dueAfter).isAfter(dueBefore);
        assertThat(varString(pi, "resolutionDueAt")).isEqualTo(dueAfter.toString());
    }

    @Test
    @DisplayName("R-8.2b re-prioritisation at triage re-targets the SLA clock")
    void reprioritisation() {
        Incident incident = report("Shop search slow", "online-shop", null, "software", Level.LOW, Level.LOW);
        assertThat(incident.priority()).isEqualTo("P4");
        ProcessInstance pi = instance(incident);
        runDueJobs(pi);
        Instant dueBefore = dueAt(incident, ClockKind.RESOLUTION);
        complete(task(pi), withVariables("triageDecision", "CORRECT", "impact", "HIGH", "urgency", "MEDIUM",
                "category", "software", "assignmentGroup", "secondline"));
        runDueJobs(pi);
        Incident triaged = incidents.require(incident.id());
        assertThat(triaged.priority()).isEqualTo("P2");
        assertThat(dueAt(incident, ClockKind.RESOLUTION)).isBefore(dueBefore);
        // the next task follows the new priority and due time
        assertThat(task(pi).getPriority()).isEqualTo(75);
        assertThat(task(pi).getDueDate().toInstant()).isEqualTo(dueAt(incident, ClockKind.RESOLUTION));
        assertThat(incidents.view(incident.id()).decisions()).extracting(IncidentDecision::reason)
                .anyMatch(r -> r.startsWith("Re-prioritised at triage"));
        assertThat(task(pi)).hasCandidateGroup("secondline");
    }

    @Test
    @DisplayName("R-8.2e R-6.3a major incident: coordinated by major-incident managers, stakeholder updates, mandatory review")
    void majorIncident() {
        Incident incident = report("Online shop down", "online-shop", "APP-SHOP", "software", Level.HIGH, Level.HIGH);
        assertThat(incident.priority()).isEqualTo("P1");
        assertThat(incident.majorIncident()).isTrue();
        ProcessInstance pi = instance(incident);
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("UserTask_CoordinateMajorIncident");
        assertThat(task(pi)).hasCandidateGroup("majorincident");
        moveClockTo(WEDNESDAY_10AM.plusSeconds(31 * 60));
        runDueJobs(pi);
        assertThat(pi).hasPassed("ServiceTask_SendStakeholderUpdate");
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("mike@itsm-flow.example"))
                .anyMatch(s -> s.startsWith("[" + incident.id() + "] Major incident update"));
        complete(task(pi), withVariables("resolutionNote", "Failed over to the standby", "stakeholderUpdate", "done"));
        runDueJobs(pi);
        complete(task(pi), withVariables("customerConfirmation", "CONFIRMED"));
        assertThat(pi).isWaitingAt("UserTask_ReviewMajorIncident");
        assertThat(outages.ofRecord(incident.id())).isNotEmpty()
                .allMatch(o -> o.endedAt() != null && "APP-SHOP".equals(o.ciId()))
                .extracting(OutageService.Outage::serviceId).contains("online-shop");
        complete(task(pi), withVariables("reviewFindings", "Single point of failure", "improvementActions", "Add a node"));
        assertThat(pi).isWaitingAt("UserTask_CloseIncident");
    }

    @Test
    @DisplayName("R-8.2b reopen: the customer rejects the resolution and the resolution clock runs on")
    void reopen() {
        Incident incident = report("Printer queue stuck", "email", null, "hardware", Level.LOW, Level.LOW);
        ProcessInstance pi = instance(incident);
        runDueJobs(pi);
        complete(task(pi), withVariables("triageDecision", "CONFIRM"));
        runDueJobs(pi);
        complete(task(pi), withVariables("resolution", "RESOLVED", "resolutionNote", "Cleared the queue"));
        runDueJobs(pi);
        assertThat(state(incident, ClockKind.RESOLUTION)).isEqualTo(ClockState.PAUSED);
        complete(task(pi), withVariables("customerConfirmation", "REOPEN", "customerComment", "Still stuck"));
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("UserTask_ResolveIncident");
        Incident reopened = incidents.require(incident.id());
        assertThat(reopened.reopenCount()).isEqualTo(1);
        assertThat(reopened.status()).isEqualTo(IncidentStatus.IN_PROGRESS);
        assertThat(state(incident, ClockKind.RESOLUTION)).isEqualTo(ClockState.RUNNING);
        outbox.sendDue();
        assertThat(TestMailServer.subjectsTo("kate@itsm-flow.example"))
                .anyMatch(s -> s.startsWith("[" + incident.id() + "] Incident reopened"));
    }

    @Test
    @DisplayName("R-8.2b auto-close: no answer from the customer within the waiting period goes on to closure")
    void autoClose() {
        Incident incident = report("Wrong holiday balance", "hr-portal", null, "software", Level.LOW, Level.MEDIUM);
        ProcessInstance pi = instance(incident);
        runDueJobs(pi);
        complete(task(pi), withVariables("triageDecision", "CONFIRM"));
        runDueJobs(pi);
        complete(task(pi), withVariables("resolution", "RESOLVED", "resolutionNote", "Recalculated"));
        runDueJobs(pi);
        assertThat(pi).isWaitingAt("UserTask_ConfirmResolution");
        moveClockTo(WEDNESDAY_10AM.plusSeconds(3 * 24 * 3600 + 60));
        runDueJobs(pi);
        assertThat(pi).hasPassed("ServiceTask_AutoClose");
        assertThat(pi).isWaitingAt("UserTask_CloseIncident");
        assertThat(incidents.view(incident.id()).journal()).extracting(JournalEntry::code).contains("AUTO_CONFIRMED");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            across a weekend: Friday 17:00 -> Monday 12:00                         | 2026-11-06T09:00:00Z | 2026-11-09T04:00:00Z
            across the National Day holidays: Wednesday 30 Sep 17:00 -> 8 Oct 12:00 | 2026-09-30T09:00:00Z | 2026-10-08T04:00:00Z
            onto a make-up working Saturday: Friday 9 Oct 17:00 -> Sat 10 Oct 12:00 | 2026-10-09T09:00:00Z | 2026-10-10T04:00:00Z
            over the lunch break: Wednesday 11:00 -> 16:00                          | 2026-11-04T03:00:00Z | 2026-11-04T08:00:00Z
            """)
    @DisplayName("R-6.1d a P3's response target (4 business hours, China mainland calendar) falls due in business time")
    void dueTimesInBusinessTime(String when, String reportedAt, String responseDue) {
        moveClockTo(Instant.parse(reportedAt));
        Incident incident = report("Report export wrong", "erp", null, "software", Level.MEDIUM, Level.MEDIUM);
        assertThat(incident.priority()).isEqualTo("P3");
        assertThat(clock(incident, ClockKind.RESPONSE).dueAt()).as(when).isEqualTo(Instant.parse(responseDue));
        assertThat(engine.getRuntimeService().getVariable(incident.processInstanceId(), "responseDueAt"))
                .isEqualTo(responseDue);
    }

    private Instant dueAt(Incident incident, ClockKind kind) {
        return clock(incident, kind).dueAt();
    }

    private ClockState state(Incident incident, ClockKind kind) {
        return clock(incident, kind).state();
    }

    private SlaClockView clock(Incident incident, ClockKind kind) {
        return slaClocks.status(incident.id(), ClockUtil.getCurrentTime().toInstant()).stream()
                .filter(c -> c.kind() == kind).findFirst().orElseThrow();
    }

    private String varString(ProcessInstance pi, String name) {
        return (String) engine.getRuntimeService().getVariable(pi.getId(), name);
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> none() {
        return Map.of();
    }
}
