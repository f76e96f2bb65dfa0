package org.itsmflow.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.support.PostgresTest;
import org.itsmflow.support.StartTimers;
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
 * The yearly service review (R-7.2b) on PostgreSQL with the real delegates: the yearly timer starting one review per
 * customer and service, the period's SLA figures collected, the meeting scheduled and its minutes recorded, and an
 * agreed SLA change raised as an RFC through change management (R-6.1b).
 */
@PostgresTest
class ServiceReviewProcessTest {

    /** Wednesday 4 November 2026, a past working day, so tasks left behind sort after other tests' tasks. */
    static final Instant WEDNESDAY_10AM = Instant.parse("2026-11-04T02:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    ServiceReviewService reviews;
    @Autowired
    org.itsmflow.complaint.ComplaintService complaints;
    @Autowired
    org.itsmflow.change.ChangeService changeService;
    @Autowired
    IncidentService incidents;
    @Autowired
    ChangeService changes;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

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

    ProcessInstance instance(ServiceReview review) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(review.id())
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

    @Test
    @DisplayName("R-7.2b the yearly timer starts one review per customer and service it uses, each waiting for its owner to schedule the meeting")
    void yearlyTimerStartsAReviewPerCustomerAndService() {
        Job timer = engine.getManagementService().createJobQuery().processDefinitionKey(ServiceReviewService.PROCESS_KEY)
                .timers().singleResult();
        assertThat(timer).as("the yearly start timer is scheduled").isNotNull();
        // scheduled from the real clock when the model was deployed: on the next 2 January at 06:00
        Instant deployed = StartTimers.deployedAt(engine, ServiceReviewService.PROCESS_KEY);
        ZonedDateTime due = timer.getDuedate().toInstant().atZone(ZoneOffset.UTC);
        assertThat(due.toLocalDateTime()).as("2 January, 06:00")
                .isEqualTo(LocalDateTime.of(due.getYear(), 1, 2, 6, 0));
        assertThat(due.toInstant()).isAfter(deployed).isBefore(deployed.plus(367, ChronoUnit.DAYS));

        ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().plusSeconds(1)));
        long before = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(ServiceReviewService.PROCESS_KEY).count();
        engine.getManagementService().executeJob(timer.getId());
        List<ProcessInstance> started = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(ServiceReviewService.PROCESS_KEY).list();
        try {
            // demo data: acme uses email, erp, online-shop, remote-access; globex email, erp, remote-access, hr-portal
            assertThat(started.size() - before).isGreaterThanOrEqualTo(8);
            List<ServiceReview> acmeErp = started.stream().map(pi -> reviews.require(pi.getBusinessKey()))
                    .filter(r -> r.customerId().equals("acme") && r.serviceId().equals("erp")
                            && r.createdAt().isAfter(WEDNESDAY_10AM))
                    .toList();
            assertThat(acmeErp).hasSize(1);
            ServiceReview review = acmeErp.get(0);
            assertThat(review.status()).isEqualTo(ServiceReviewStatus.PLANNED);
            assertThat(review.complaintFigures()).startsWith("Complaints:");
            assertThat(instance(review)).isWaitingAt("UserTask_ScheduleMeeting");
            assertThat(task(instance(review))).hasCandidateGroup("serviceowners");
            Job next = engine.getManagementService().createJobQuery()
                    .processDefinitionKey(ServiceReviewService.PROCESS_KEY).timers().singleResult();
            assertThat(next.getDuedate().toInstant()).as("the next year's review round is scheduled")
                    .isAfter(timer.getDuedate().toInstant().plus(364, ChronoUnit.DAYS));
        } finally {
            // the round's other reviews are not this test's subject; they leave no tasks behind
            started.stream().filter(pi -> reviews.require(pi.getBusinessKey()).createdAt().isAfter(WEDNESDAY_10AM))
                    .forEach(pi -> engine.getRuntimeService().deleteProcessInstance(pi.getId(), "test clean-up"));
        }
    }

    @Test
    @DisplayName("R-7.2b R-6.1b a review collects the SLA figures, is scheduled, records its minutes and raises an SLA_CHANGE RFC for the agreed change")
    void reviewHeldAndSlaChangeRaisedAsRfc() {
        Incident incident = incidents.report(new NewIncident("Month-end close is slow", "described by the test", "erp",
                "APP-ERP", "software", Level.MEDIUM, Level.MEDIUM, "kate"), "sara");
        org.itsmflow.complaint.Complaint complaint = complaints.raise(new org.itsmflow.complaint.NewComplaint(
                "Month-end close slow again", "Third time this quarter", org.itsmflow.complaint.Severity.MEDIUM, "erp",
                incident.id(), null, null, null), "kate");
        ClockUtil.setCurrentTime(Date.from(WEDNESDAY_10AM.plus(1, ChronoUnit.HOURS)));

        ServiceReview review = reviews.start("acme", "erp");
        assertThat(review.id()).matches("SR-\\d{6}");
        assertThat(review.incidentCount()).isGreaterThanOrEqualTo(1);
        assertThat(review.slaFigures()).contains("Incidents of the customer on the service")
                .contains("Resolution targets");
        assertThat(review.complaintFigures()).as("R-7.2b R-7.2c the period's complaints are collected for the review")
                .contains(complaint.id()).contains("Month-end close slow again");
        ProcessInstance pi = instance(review);
        assertThat(pi).isWaitingAt("UserTask_ScheduleMeeting");
        Task schedule = task(pi);
        assertThat(schedule).hasCandidateGroup("serviceowners");
        assertThat(engine.getTaskService().getVariableLocal(schedule.getId(), "slaFigures").toString())
                .contains("Incidents of the customer on the service");

        completeAs("olivia", schedule, withVariables("meetingAt", "2026-11-20T10:00+01:00"));
        assertThat(reviews.require(review.id()).meetingAt()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(reviews.require(review.id()).status()).isEqualTo(ServiceReviewStatus.SCHEDULED);
        assertThat(pi).isWaitingAt("UserTask_RecordMinutes");
        Task minutes = task(pi);
        assertThat(engine.getTaskService().getVariableLocal(minutes.getId(), "slasInForce").toString())
                .contains("SLA-ERP");

        assertThatThrownBy(() -> completeAs("olivia", minutes, withVariables("minutes", "Met with Acme",
                "slaChangeAgreed", "YES", "slaChangeSlaId", "SLA-EMAIL", "slaChangePriority", "P4",
                "slaChangeResponseMinutes", 480L, "slaChangeResolutionMinutes", 4000L)))
                .as("an SLA of another service is refused while the task is open")
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("not an SLA of service erp");
        assertThat(pi).isWaitingAt("UserTask_RecordMinutes");

        completeAs("olivia", task(pi), withVariables("minutes", "Met with Acme's IT manager; the service is stable.",
                "agreedChanges", "P4 resolution target relaxed to 4000 minutes",
                "slaChangeAgreed", "YES", "slaChangeSlaId", "SLA-ERP", "slaChangePriority", "P4",
                "slaChangeResponseMinutes", 480L, "slaChangeResolutionMinutes", 4000L));
        assertThat(pi).isEnded();
        assertThat(pi).hasPassed("ServiceTask_RaiseRfc", "EndEvent_RfcRaised");

        ServiceReview held = reviews.require(review.id());
        assertThat(held.status()).isEqualTo(ServiceReviewStatus.HELD);
        assertThat(held.minutes()).contains("stable");
        assertThat(held.minutesBy()).isEqualTo("olivia");
        assertThat(held.changeId()).matches("CHG-\\d{6}");
        Change rfc = changes.require(held.changeId());
        assertThat(rfc.changeType()).isEqualTo(ChangeType.SLA_CHANGE);
        assertThat(rfc.requester()).isEqualTo("olivia");
        assertThat(rfc.title()).contains(review.id());
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(rfc.id()).count())
                .as("the RFC runs through change management").isEqualTo(1);
        assertThat(incident.id()).isNotNull();
    }

    @Test
    @DisplayName("R-7.2b a review without an agreed SLA change records its minutes and ends without an RFC")
    void reviewWithoutChange() {
        ServiceReview review = reviews.start("globex", "hr-portal");
        ProcessInstance pi = instance(review);
        completeAs("olivia", task(pi), withVariables("meetingAt", "2026-11-18T14:00+08:00"));
        completeAs("olivia", task(pi), withVariables("minutes", "Globex is satisfied.", "slaChangeAgreed", "NO"));
        assertThat(pi).isEnded();
        assertThat(pi).hasPassed("EndEvent_ReviewHeld").hasNotPassed("ServiceTask_RaiseRfc");
        ServiceReview held = reviews.require(review.id());
        assertThat(held.status()).isEqualTo(ServiceReviewStatus.HELD);
        assertThat(held.changeId()).isNull();
    }

    @Autowired
    SlaReviewConformanceCheck slaReviews;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    @DisplayName("R-6.1c an SLA in force counts as reviewed once a review of its service with its customer is held with minutes; until then the conformance report names it")
    void slaReviewedByTheServiceReview() {
        String service = "sla-review-" + System.nanoTime();
        String sla = "SLA-" + service.toUpperCase();
        jdbc.sql("insert into service (id, name, description, owner_group, calendar_id, status) values (?, ?, ?, "
                + "'serviceowners', '24x7', 'ACTIVE')").params(service, "SLA review test", "test service").update();
        jdbc.sql("insert into service_customer (service_id, customer_id) values (?, 'globex')").param(service).update();
        jdbc.sql("insert into sla (id, service_id, name, customer_id, valid_from, warning_percent, version) values "
                + "(?, ?, 'SLA review test', 'globex', date '2026-01-01', 75, 1)").params(sla, service).update();
        ReportPeriod november = new ReportPeriod(Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"));

        Evidence before = slaReviews.evaluate(november);
        assertThat(before.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
        assertThat(before.shortfalls()).anyMatch(f -> f.startsWith(sla + " (" + service + ", customer globex)"));

        ServiceReview review = reviews.start("globex", service);
        ProcessInstance pi = instance(review);
        completeAs("olivia", task(pi), withVariables("meetingAt", "2026-11-18T14:00+08:00"));
        Evidence scheduledOnly = slaReviews.evaluate(november);
        assertThat(scheduledOnly.shortfalls()).as("a scheduled review without minutes is not a review")
                .anyMatch(f -> f.startsWith(sla + " "));
        completeAs("olivia", task(pi), withVariables("minutes", "Targets still fit.", "slaChangeAgreed", "NO"));

        Evidence after = slaReviews.evaluate(november);
        assertThat(after.shortfalls()).noneMatch(f -> f.startsWith(sla + " "));
        assertThat(after.figure()).contains("SLAs in force reviewed with the customer");
        ReportPeriod nextYear = new ReportPeriod(Instant.parse("2027-12-01T00:00:00Z"),
                Instant.parse("2028-01-01T00:00:00Z"));
        assertThat(slaReviews.evaluate(nextYear).shortfalls()).as("a review counts for twelve months")
                .anyMatch(f -> f.startsWith(sla + " "));
    }

    @Test
    @DisplayName("R-7.2b a contract change agreed without new SLA targets becomes an RFC for the change manager")
    void contractChangeRaisedAsRfc() {
        ServiceReview review = reviews.start("acme", "email");
        ProcessInstance pi = instance(review);
        completeAs("olivia", task(pi), withVariables("meetingAt", "2026-11-18T14:00+08:00"));
        completeAs("olivia", task(pi), withVariables("minutes", "Acme wants monthly reports.", "slaChangeAgreed", "NO",
                "agreedChanges", "Monthly service report added to the contract"));
        assertThat(pi).isEnded();
        ServiceReview held = reviews.require(review.id());
        assertThat(held.changeId()).matches("CHG-\\d{6}");
        org.itsmflow.change.Change rfc = changeService.require(held.changeId());
        assertThat(rfc.changeType()).isEqualTo(org.itsmflow.change.ChangeType.NORMAL);
        assertThat(rfc.description()).contains("Monthly service report added to the contract");
        assertThat(rfc.requester()).isEqualTo("olivia");
    }

    @Test
    @DisplayName("R-7.2b a service owner starts a review through the API; customers may not, bad input is a problem")
    void startThroughTheApi() throws Exception {
        ResponseEntity<String> started = post("olivia", "{\"customerId\": \"acme\", \"serviceId\": \"email\"}");
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = json.readTree(started.getBody());
        String id = body.get("id").asText();
        assertThat(started.getHeaders().getLocation()).hasToString("/api/service-reviews/" + id);
        assertThat(http.withBasicAuth("carla", "carla").getForEntity("/api/service-reviews/" + id, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        engine.getRuntimeService().deleteProcessInstance(body.get("processInstanceId").asText(), "test clean-up");

        assertThat(post("kate", "{\"customerId\": \"acme\", \"serviceId\": \"email\"}").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(post("olivia", "{\"customerId\": \"nobody\", \"serviceId\": \"email\"}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> notTheirs = post("olivia", "{\"customerId\": \"globex\", \"serviceId\": \"online-shop\"}");
        assertThat(notTheirs.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(notTheirs.getBody()).findValuesAsText("field")).contains("serviceId");
        assertThat(post("olivia", "{\"customerId\": \"acme\"}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.withBasicAuth("olivia", "olivia").getForEntity("/api/service-reviews/SR-999999", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    ResponseEntity<String> post(String user, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).postForEntity("/api/service-reviews", new HttpEntity<>(body, headers),
                String.class);
    }
}
