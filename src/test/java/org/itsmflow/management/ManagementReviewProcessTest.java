package org.itsmflow.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The management review (R-3.1, with for its decisions) on PostgreSQL with the real delegates: the
 * half-yearly timer recording a review with the period's inputs for the service owners, the review held with
 * attendees, minutes and decisions that become improvement items, an overdue review made visible, the API (start
 * authorised, reads for managers and auditors only, bad input a problem naming the field) and the conformance check.
 * The engine clock is fixed to past dates between June and November 2026, so no gap of more than seven months appears
 * between this class's reviews.
 */
@PostgresTest
class ManagementReviewProcessTest {

    static final Instant AUGUST_10 = Instant.parse("2026-08-10T09:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    ManagementReviewService reviews;
    @Autowired
    ManagementReviewConformanceCheck check;
    @Autowired
    ImprovementRegister improvements;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(AUGUST_10));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
        engine.getIdentityService().clearAuthentication();
    }

    ProcessInstance instance(ManagementReview review) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(review.processInstanceId())
                .singleResult();
    }

    void completeAs(String user, Task task, Map<String, Object> variables) {
        engine.getIdentityService().setAuthentication(user, List.of("serviceowners"));
        try {
            complete(task, variables);
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
    }

    void at(Instant instant) {
        ClockUtil.setCurrentTime(Date.from(instant));
    }

    /** The process's start timer (a timer without a process instance; boundary timers of open reviews have one). */
    Job startTimer() {
        List<Job> timers = engine.getManagementService().createJobQuery()
                .processDefinitionKey(ManagementReviewService.PROCESS_KEY).timers().list().stream()
                .filter(job -> job.getProcessInstanceId() == null).toList();
        assertThat(timers).as("one start timer").hasSize(1);
        return timers.get(0);
    }

    @Test
    @DisplayName("R-3.1 the half-yearly timer (1 January, 1 July, 06:00) records a review of the half-year with its inputs, for the service owners, due in a month")
    void timerStartsAReviewWithInputs() {
        Job timer = startTimer();
        ZonedDateTime due = timer.getDuedate().toInstant().atZone(ZoneId.systemDefault());
        assertThat(due.getDayOfMonth()).isEqualTo(1);
        assertThat(due.getMonthValue()).isIn(1, 7);
        assertThat(due.getHour()).isEqualTo(6);

        Instant fired = timer.getDuedate().toInstant().plusSeconds(1);
        at(fired);
        Set<String> before = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(ManagementReviewService.PROCESS_KEY).list().stream().map(ProcessInstance::getId)
                .collect(Collectors.toSet());
        engine.getManagementService().executeJob(timer.getId());
        List<ProcessInstance> started = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(ManagementReviewService.PROCESS_KEY).list().stream()
                .filter(pi -> !before.contains(pi.getId())).toList();
        assertThat(started).hasSize(1);
        ProcessInstance pi = started.get(0);
        try {
            ManagementReview review = reviews.require(pi.getBusinessKey());
            assertThat(review.id()).matches("MR-\\d{6}");
            assertThat(review.trigger()).isEqualTo(ManagementReviewTrigger.SCHEDULED);
            assertThat(review.requestedBy()).isNull();
            assertThat(review.status()).isEqualTo(ManagementReviewStatus.OPEN);
            assertThat(review.periodTo()).as("the half-year just ended").isEqualTo(fired.truncatedTo(ChronoUnit.DAYS));
            assertThat(review.periodFrom()).isEqualTo(review.periodTo().atZone(java.time.ZoneOffset.UTC).minusMonths(6)
                    .toInstant());
            assertThat(review.conformanceInput()).startsWith("Conformance report").contains("requirements")
                    .contains("Not met:").contains("Gaps:");
            assertThat(review.slaInput()).contains("SLA clocks stopped in the period").contains("Breaches recorded");
            assertThat(review.incidentInput()).contains("Incidents reported").contains("Major incidents");
            assertThat(review.changeInput()).contains("Failed or backed out").contains("Emergency changes");
            assertThat(review.customerInput()).contains("Complaints raised").contains("Customer satisfaction");
            assertThat(review.auditInput()).startsWith("Open audit findings");
            assertThat(review.improvementInput()).contains("By state now: PROPOSED");
            assertThat(review.previousInput()).startsWith("Previous management review");
            assertThat(review.inputsAt()).isEqualTo(fired.truncatedTo(ChronoUnit.MILLIS));

            assertThat(pi).isWaitingAt("UserTask_HoldReview");
            Task hold = task(pi);
            assertThat(hold).hasCandidateGroup("serviceowners");
            assertThat(hold.getDueDate().toInstant()).as("due one month after the start")
                    .isEqualTo(review.dueAt().truncatedTo(ChronoUnit.MILLIS));
            assertThat(review.dueAt()).isEqualTo(fired.atZone(java.time.ZoneOffset.UTC).plusMonths(1).toInstant()
                    .truncatedTo(ChronoUnit.MILLIS));
            assertThat(engine.getTaskService().getVariableLocal(hold.getId(), "conformanceInput"))
                    .as("the form shows the inputs").isEqualTo(review.conformanceInput());
            assertThat(engine.getTaskService().getVariableLocal(hold.getId(), "startedBy"))
                    .isEqualTo("the half-yearly schedule");
            assertThat(startTimer().getDuedate().toInstant()).as("the next review is scheduled six months on")
                    .isAfter(fired.plus(180, ChronoUnit.DAYS)).isBefore(fired.plus(185, ChronoUnit.DAYS));
        } finally {
            engine.getRuntimeService().deleteProcessInstance(pi.getId(), "test clean-up");
        }
    }

    @Test
    @DisplayName("R-3.1 R-4.4 holding the review records attendees and minutes, each decision becomes an improvement item, and the next review shows where they stand")
    void reviewHeldDecisionsBecomeImprovements() {
        ManagementReview review = reviews.request("olivia", "Two major incidents on the ERP service in July");
        assertThat(review.trigger()).isEqualTo(ManagementReviewTrigger.REQUESTED);
        assertThat(review.requestedBy()).isEqualTo("olivia");
        assertThat(review.requestReason()).isEqualTo("Two major incidents on the ERP service in July");
        assertThat(review.periodTo()).isEqualTo(AUGUST_10);
        assertThat(review.periodFrom()).isEqualTo(Instant.parse("2026-02-10T09:00:00Z"));
        ProcessInstance pi = instance(review);
        assertThat(pi).isWaitingAt("UserTask_HoldReview");
        assertThat(pi.getBusinessKey()).isEqualTo(review.id());
        Task hold = task(pi);
        assertThat(hold).hasCandidateGroup("serviceowners");
        assertThat(engine.getTaskService().getVariableLocal(hold.getId(), "startedBy").toString())
                .contains("olivia").contains("Two major incidents");

        assertThatThrownBy(() -> completeAs("olivia", hold, withVariables("attendees", " ", "minutes", "Reviewed")))
                .as("attendees are required while the task is open").isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("attendees");
        assertThatThrownBy(() -> completeAs("olivia", hold, withVariables("attendees", "olivia, chris")))
                .isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("minutes");
        assertThat(pi).isWaitingAt("UserTask_HoldReview");

        at(AUGUST_10.plus(3, ChronoUnit.DAYS));
        completeAs("olivia", task(pi), withVariables("attendees", "olivia (service owner), chris (change manager)",
                "minutes", "SLA performance stable; two major incidents on ERP traced to the failed change.",
                "decisions", "HIGH: Add a second on-call engineer for ERP\n\n- Review the change calendar monthly\n"));
        assertThat(pi).isEnded();
        assertThat(pi).hasPassed("ServiceTask_RecordMinutes", "EndEvent_ReviewHeld");

        ManagementReview held = reviews.require(review.id());
        assertThat(held.status()).isEqualTo(ManagementReviewStatus.HELD);
        assertThat(held.minutesBy()).isEqualTo("olivia");
        assertThat(held.heldAt()).isEqualTo(AUGUST_10.plus(3, ChronoUnit.DAYS));
        assertThat(held.attendees()).contains("chris");
        assertThat(held.minutes()).contains("two major incidents");
        assertThat(held.decisions()).extracting(ManagementReviewDecision::decision)
                .containsExactly("Add a second on-call engineer for ERP", "Review the change calendar monthly");
        assertThat(held.decisions()).extracting(ManagementReviewDecision::priority).containsExactly("HIGH", "MEDIUM");
        for (ManagementReviewDecision decision : held.decisions()) {
            ImprovementItem item = improvements.require(decision.improvementId());
            assertThat(item.sourceRef()).as("R-4.4 the review is the item's source").isEqualTo(review.id());
            assertThat(item.source()).isEqualTo(ManagementReviewService.IMPROVEMENT_SOURCE);
            assertThat(item.status()).isEqualTo("PROPOSED");
            assertThat(item.priority()).isEqualTo(decision.priority());
            assertThat(item.title()).contains(review.id()).contains(decision.decision());
        }
        assertThat(improvements.fromSource(ManagementReviewService.IMPROVEMENT_SOURCE, review.id())).hasSize(2);

        at(AUGUST_10.plus(20, ChronoUnit.DAYS));
        ManagementReview next = reviews.request("olivia", "Follow-up of the August review");
        try {
            assertThat(next.previousInput()).as("the next review sees the previous decisions")
                    .contains(review.id()).contains(held.decisions().get(0).improvementId() + " PROPOSED");
        } finally {
            engine.getRuntimeService().deleteProcessInstance(next.processInstanceId(), "test clean-up");
        }
    }

    @Test
    @DisplayName("R-3.1 a review not held within a month shows as overdue; the task stays open")
    void overdueReviewIsVisible() {
        at(Instant.parse("2026-09-01T08:00:00Z"));
        ManagementReview review = reviews.request("demo", "Audit finding on incident closure");
        ProcessInstance pi = instance(review);
        try {
            at(review.dueAt().plusSeconds(60));
            EngineJobs.runDue(engine, pi.getId());
            ManagementReview overdue = reviews.require(review.id());
            assertThat(overdue.overdueAt()).isEqualTo(review.dueAt().plusSeconds(60));
            assertThat(overdue.overdue()).isTrue();
            assertThat(pi).isWaitingAt("UserTask_HoldReview");
            assertThat(pi).hasPassed("ServiceTask_MarkOverdue");
        } finally {
            engine.getRuntimeService().deleteProcessInstance(pi.getId(), "test clean-up");
        }
    }

    @Test
    @DisplayName("R-3.1 the API: service owners start a review, managers and auditors read it, others get 403, bad input a 400 naming the field, unknown ids 404")
    void api() throws Exception {
        ResponseEntity<String> started = post("olivia", "{\"reason\": \"Major incident on e-mail\"}");
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = json.readTree(started.getBody());
        String id = body.get("id").asText();
        try {
            assertThat(id).matches("MR-\\d{6}");
            assertThat(started.getHeaders().getLocation()).hasToString("/api/management-reviews/" + id);
            assertThat(body.get("trigger").asText()).isEqualTo("REQUESTED");
            assertThat(body.get("requestedBy").asText()).isEqualTo("olivia");
            assertThat(body.get("conformanceInput").asText()).startsWith("Conformance report");
            assertThat(body.get("overdue").asBoolean(true)).as("a new review is not overdue").isFalse();

            ResponseEntity<String> read = get("ada", "/api/management-reviews/" + id);
            assertThat(read.getStatusCode()).as("auditors read reviews").isEqualTo(HttpStatus.OK);
            assertThat(json.readTree(read.getBody()).get("status").asText()).isEqualTo("OPEN");
            ResponseEntity<String> list = get("chris", "/api/management-reviews?status=OPEN&limit=200");
            assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(json.readTree(list.getBody()).findValuesAsText("id")).contains(id);
        } finally {
            engine.getRuntimeService().deleteProcessInstance(body.get("processInstanceId").asText(), "test clean-up");
        }

        assertThat(post("ada", "{\"reason\": \"x\"}").getStatusCode()).as("auditors do not start reviews")
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(post("kate", "{\"reason\": \"x\"}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("kate", "/api/management-reviews/" + id).getStatusCode()).as("customers never read reviews")
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("sara", "/api/management-reviews").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<String> noReason = post("olivia", "{}");
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noReason.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(json.readTree(noReason.getBody()).findValuesAsText("field")).containsExactly("reason");
        ResponseEntity<String> tooLong = post("demo", "{\"reason\": \"" + "x".repeat(1001) + "\"}");
        assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(tooLong.getBody()).findValuesAsText("field")).containsExactly("reason");
        ResponseEntity<String> badStatus = get("olivia", "/api/management-reviews?status=DONE");
        assertThat(badStatus.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(badStatus.getBody()).findValuesAsText("field")).containsExactly("status");
        assertThat(get("olivia", "/api/management-reviews?limit=0").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(get("olivia", "/api/management-reviews/MR-999999").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    @DisplayName("R-3.1 conformance: MET with a review held with minutes in the interval, NOT_MET naming the gap, NO_ACTIVITY before reviews were planned")
    void conformanceCheck() {
        at(Instant.parse("2026-07-06T08:00:00Z"));
        ManagementReview review = reviews.request("olivia", "Conformance check test");
        at(Instant.parse("2026-07-07T15:00:00Z"));
        completeAs("olivia", task(instance(review)), withVariables("attendees", "olivia", "minutes",
                "Reviewed the half-year.", "decisions", "none"));
        assertThat(reviews.require(review.id()).decisions()).as("'none' decides nothing").isEmpty();

        Evidence met = check.evaluate(new ReportPeriod(Instant.parse("2026-07-01T00:00:00Z"),
                Instant.parse("2026-08-01T00:00:00Z")));
        assertThat(met.verdict()).isEqualTo(Evidence.Verdict.MET);
        assertThat(met.figure()).contains(review.id() + " 2026-07-07");

        Evidence notMet = check.evaluate(new ReportPeriod(Instant.parse("2027-12-01T00:00:00Z"),
                Instant.parse("2028-06-01T00:00:00Z")));
        assertThat(notMet.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
        assertThat(notMet.shortfalls()).singleElement().asString()
                .startsWith("no management review with minutes since 20");

        Evidence none = check.evaluate(new ReportPeriod(Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2020-07-01T00:00:00Z")));
        assertThat(none.verdict()).isEqualTo(Evidence.Verdict.NO_ACTIVITY);
        assertThat(check.requirementId()).isEqualTo("R-3.1");
    }

    ResponseEntity<String> post(String user, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).postForEntity("/api/management-reviews", new HttpEntity<>(body, headers),
                String.class);
    }

    ResponseEntity<String> get(String user, String path) {
        return http.withBasicAuth(user, user).getForEntity(path, String.class);
    }
}
