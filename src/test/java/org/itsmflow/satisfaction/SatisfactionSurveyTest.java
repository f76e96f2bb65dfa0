package org.itsmflow.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
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
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Satisfaction surveys (R-7.2e) over HTTP: the link in the closure e-mail answered anonymously, a low score opening a
 * follow-up for customer relations, and every misuse of a one-time token refused with a problem.
 */
@PostgresTest
class SatisfactionSurveyTest {

    /** Wednesday 4 November 2026, a past working day, so tasks left behind sort after other tests' tasks. */
    static final Instant WEDNESDAY_10AM = Instant.parse("2026-11-04T02:00:00Z");
    static final Pattern LINK = Pattern.compile("https?://\\S+/api/surveys/([A-Za-z0-9_-]{43})");

    @Autowired
    ProcessEngine engine;
    /** Sends what committed steps queued (the job executor and the outbox dispatcher are off in tests). */
    @Autowired
    MailOutbox outbox;
    @Autowired
    IncidentService incidents;
    @Autowired
    SatisfactionService surveys;
    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
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
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    void runDueJobs(ProcessInstance pi) {
        EngineJobs.runDue(engine, pi.getId());
    }

    /** An incident kate reported, driven through the process to closure; the closure e-mail is sent. */
    Incident closedIncident(String title) {
        Incident incident = incidents.report(new NewIncident(title, "described by the test", "erp", "APP-ERP",
                "software", Level.HIGH, Level.MEDIUM, "kate"), "sara");
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(incident.id()).singleResult();
        runDueJobs(pi);
        complete(task(pi), withVariables("triageDecision", "CONFIRM"));
        runDueJobs(pi);
        complete(task(pi), withVariables("resolution", "RESOLVED", "resolutionNote", "Restarted the service"));
        runDueJobs(pi);
        complete(task(pi), withVariables("customerConfirmation", "CONFIRMED"));
        complete(task(pi), withVariables("closureCode", "SOLVED", "closureNote", "Fixed"));
        runDueJobs(pi);
        assertThat(pi).isEnded();
        return incident;
    }

    /** The survey token from the closure e-mail kate received for the incident. */
    String tokenFromClosureMail(String incidentId) throws Exception {
        outbox.sendDue();
        for (Message message : TestMailServer.to("kate@itsm-flow.example")) {
            if (message.getSubject().startsWith("[" + incidentId + "] Incident closed")) {
                Matcher link = LINK.matcher(message.getContent().toString());
                assertThat(link.find()).as("the closure e-mail carries the survey link").isTrue();
                return link.group(1);
            }
        }
        throw new AssertionError("no closure e-mail for " + incidentId);
    }

    /** A survey for a made-up closed incident of kate's, and the token of its link. */
    String invitedToken() {
        String incidentId = "INC-T" + UUID.randomUUID().toString().substring(0, 8);
        surveys.invite(incidentId, "Test incident", "erp", "kate");
        String link = surveys.link(incidentId).orElseThrow();
        return link.substring(link.lastIndexOf('/') + 1);
    }

    ResponseEntity<String> get(TestRestTemplate client, String token) {
        return client.getForEntity("/api/surveys/" + token, String.class);
    }

    ResponseEntity<String> post(TestRestTemplate client, String token, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return client.exchange("/api/surveys/" + token, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    void assertProblem(ResponseEntity<String> response, HttpStatus status) throws Exception {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as("problem+json, was %s", response.getHeaders().getContentType()).isTrue();
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(status.value());
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    // --- tests -----------------------------------------------------------------------------------------------

    @Test
    @DisplayName("R-7.2e the closure e-mail carries a one-time link that the customer answers anonymously; answers are kept per service and customer")
    void surveyAnsweredThroughTheLinkInTheClosureMail() throws Exception {
        Incident incident = closedIncident("Invoices print blank");
        String token = tokenFromClosureMail(incident.id());

        ResponseEntity<String> question = get(http, token);
        assertThat(question.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode asked = json.readTree(question.getBody());
        assertThat(asked.get("incidentId").asText()).isEqualTo(incident.id());
        assertThat(asked.get("incidentTitle").asText()).isEqualTo("Invoices print blank");
        assertThat(asked.get("maxScore").asInt()).isEqualTo(5);

        ResponseEntity<String> answered = post(http, token, "{\"score\": 5, \"comment\": \"Quick and friendly\"}");
        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(answered.getBody()).get("followUp").asBoolean()).isFalse();

        Survey survey = surveys.ofIncident(incident.id()).orElseThrow();
        assertThat(survey.score()).isEqualTo(5);
        assertThat(survey.serviceId()).isEqualTo("erp");
        assertThat(survey.customerId()).isEqualTo("acme");
        assertThat(survey.followUpInstance()).isNull();
        assertThat(jdbc.queryForObject("select token_hash from satisfaction_survey where id = ?", String.class,
                survey.id())).as("only the token's SHA-256 is stored").isEqualTo(SurveyTokens.hash(token))
                .doesNotContain(token);

        ResponseEntity<String> results = http.withBasicAuth("carla", "carla")
                .getForEntity("/api/satisfaction?serviceId=erp&customerId=acme", String.class);
        assertThat(results.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(results.getBody()).findValuesAsText("incidentId")).contains(incident.id());
        assertThat(http.withBasicAuth("kate", "kate").getForEntity("/api/satisfaction", String.class).getStatusCode())
                .as("customers do not read others' answers").isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<String> summary = http.withBasicAuth("olivia", "olivia").getForEntity(
                "/api/satisfaction/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z", String.class);
        assertThat(summary.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode acmeErp = null;
        for (JsonNode row : json.readTree(summary.getBody())) {
            if ("erp".equals(row.path("serviceId").asText()) && "acme".equals(row.path("customerId").asText())) {
                acmeErp = row;
            }
        }
        assertThat(acmeErp).as("satisfaction of acme with erp is measured").isNotNull();
        assertThat(acmeErp.get("answers").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(acmeErp.get("averageScore").decimalValue()).isBetween(java.math.BigDecimal.ONE,
                java.math.BigDecimal.valueOf(5));
        assertProblem(http.withBasicAuth("olivia", "olivia").getForEntity(
                "/api/satisfaction/summary?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", String.class),
                HttpStatus.BAD_REQUEST);
    }

    @Test
    @DisplayName("R-7.2e a low score opens a follow-up task for customer relations, whose outcome is recorded on the survey")
    void lowScoreOpensFollowUpForCustomerRelations() throws Exception {
        String token = invitedToken();
        ResponseEntity<String> answered = post(http, token, "{\"score\": 2, \"comment\": \"Took three days\"}");
        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(answered.getBody()).get("followUp").asBoolean()).isTrue();

        Survey survey = surveys.results("erp", "acme").stream().filter(s -> "Took three days".equals(s.comment()))
                .findFirst().orElseThrow();
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(survey.id()).singleResult();
        assertThat(pi).isWaitingAt("UserTask_FollowUpCustomer");
        assertThat(task(pi)).hasCandidateGroup("customerrelations").hasFormKey(null);
        assertThat(engine.getTaskService().getVariableLocal(task(pi).getId(), "scoreText")).isEqualTo("2 of 5");
        assertThat(engine.getTaskService().getVariableLocal(task(pi).getId(), "answerComment"))
                .isEqualTo("Took three days");

        var followUp = task(pi);
        engine.getIdentityService().setAuthentication("carla", List.of("customerrelations"));
        try {
            complete(followUp, withVariables("followUpOutcome", "RESOLVED", "followUpNote", "Called Kate, apologised"));
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
        assertThat(pi).isEnded();
        Survey followedUp = surveys.require(survey.id());
        assertThat(followedUp.followUpOutcome()).isEqualTo("RESOLVED");
        assertThat(followedUp.followUpNote()).isEqualTo("Called Kate, apologised");
        assertThat(followedUp.followedUpBy()).isEqualTo("carla");
    }

    @Test
    @DisplayName("R-7.2e a used survey link is refused with 409")
    void reusedTokenIsAConflict() throws Exception {
        String token = invitedToken();
        assertThat(post(http, token, "{\"score\": 4}").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertProblem(post(http, token, "{\"score\": 1}"), HttpStatus.CONFLICT);
        assertProblem(get(http, token), HttpStatus.CONFLICT);
    }

    @Test
    @DisplayName("R-7.2e an expired survey link is refused with 410")
    void expiredTokenIsGone() throws Exception {
        String token = invitedToken();
        ClockUtil.setCurrentTime(Date.from(WEDNESDAY_10AM.plus(SatisfactionService.VALIDITY).plusSeconds(1)));
        assertProblem(get(http, token), HttpStatus.GONE);
        assertProblem(post(http, token, "{\"score\": 3}"), HttpStatus.GONE);
    }

    @Test
    @DisplayName("R-7.2e unknown, malformed, superseded and someone else's survey links are refused with 404")
    void unknownOrSomeoneElsesTokenIsNotFound() throws Exception {
        assertProblem(get(http, "A".repeat(43)), HttpStatus.NOT_FOUND);
        assertProblem(post(http, "not-a-token", "{\"score\": 3}"), HttpStatus.NOT_FOUND);

        String token = invitedToken();
        assertProblem(get(http.withBasicAuth("lee", "lee"), token), HttpStatus.NOT_FOUND);
        assertProblem(post(http.withBasicAuth("lee", "lee"), token, "{\"score\": 1}"), HttpStatus.NOT_FOUND);
        assertProblem(post(http, token, "{\"score\": 1, \"incidentId\": \"INC-000001\"}"), HttpStatus.NOT_FOUND);
        assertThat(get(http.withBasicAuth("kate", "kate"), token).getStatusCode())
                .as("the person asked may be signed in").isEqualTo(HttpStatus.OK);

        String incidentId = "INC-S" + UUID.randomUUID().toString().substring(0, 8);
        surveys.invite(incidentId, "Superseded", "erp", "kate");
        String first = surveys.link(incidentId).orElseThrow();
        String second = surveys.link(incidentId).orElseThrow();
        assertProblem(get(http, first.substring(first.lastIndexOf('/') + 1)), HttpStatus.NOT_FOUND);
        assertThat(get(http, second.substring(second.lastIndexOf('/') + 1)).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    @DisplayName("R-7.2e a score outside 1–5 is a 400 naming the field; the link stays usable")
    void badScoreIsRefused() throws Exception {
        String token = invitedToken();
        ResponseEntity<String> response = post(http, token, "{\"score\": 6}");
        assertProblem(response, HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(response.getBody()).findValuesAsText("field")).contains("score");
        assertProblem(post(http, token, "{}"), HttpStatus.BAD_REQUEST);
        assertThat(post(http, token, "{\"score\": 3}").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    @DisplayName("R-7.2e only the survey link itself is anonymous; the rest of the API still needs credentials")
    void onlyTheSurveyLinkIsAnonymous() {
        assertThat(http.getForEntity("/api/surveys", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.getForEntity("/api/surveys/a/b", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.getForEntity("/api/satisfaction", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.getForEntity("/api/incidents/INC-000001", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
