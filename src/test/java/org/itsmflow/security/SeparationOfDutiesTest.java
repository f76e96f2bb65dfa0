package org.itsmflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.change.ChangeService;
import org.itsmflow.platform.Role;
import org.itsmflow.platform.SeparationOfDutiesException;
import org.itsmflow.support.PostgresTest;
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

/**
 * Separation of duties enforced in the engine, not only in forms (R-9.2d): even an administrator, who bypasses
 * the engine's authorizations and therefore the requester's REVOKE, cannot approve their own change — and is told
 * so with a 403, not a 500.
 */
@PostgresTest
class SeparationOfDutiesTest {

    static final Instant NOW = Instant.parse("2026-11-04T02:00:00Z");
    /** A window of this class only: May 2027. */
    static final Instant WINDOW = Instant.parse("2027-05-03T00:00:00Z");

    @Autowired
    TestRestTemplate http;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ChangeService changes;
    @Autowired
    ObjectMapper json;

    @BeforeEach
    void pastClock() {
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
        engine.getIdentityService().clearAuthentication();
    }

    ResponseEntity<String> send(String user, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers),
                String.class);
    }

    String raise(String user, Instant start) throws Exception {
        String rfc = """
                {"title": "Own approval probe", "description": "d", "reason": "security fixes",
                 "changeType": "NORMAL", "urgency": "LOW", "affectedCiIds": ["DB-ERP-TEST"],
                 "plannedStart": "%s", "plannedEnd": "%s", "implementationPlan": "apt upgrade",
                 "backoutPlan": "restore", "costEstimate": 10, "businessBenefit": "fewer holes"}"""
                .formatted(start, start.plus(Duration.ofHours(1)));
        ResponseEntity<String> response = send(user, "/api/changes", rfc);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
        return json.readTree(response.getBody()).at("/change/id").asText();
    }

    Task approvalTask(String changeId) {
        Task task = engine.getTaskService().createTaskQuery()
                .processInstanceId(changes.require(changeId).processInstanceId()).singleResult();
        assertThat(task.getTaskDefinitionKey()).isEqualTo("UserTask_AssessChange");
        return task;
    }

    @Test
    @DisplayName("R-9.2d an administrator cannot approve their own change through the engine REST API: 403 with the four-eyes reason")
    void adminCannotApproveOwnChangeThroughEngineRest() throws Exception {
        String id = raise("demo", WINDOW);
        Task task = approvalTask(id);
        Map<String, Object> approve = Map.of("variables", Map.of("decision", Map.of("value", "APPROVE"),
                "decisionReason", Map.of("value", "my own, looks fine")));

        ResponseEntity<String> complete = send("demo", "/engine-rest/task/" + task.getId() + "/complete", approve);
        assertThat(complete.getStatusCode()).as(complete.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> claim = send("demo", "/engine-rest/task/" + task.getId() + "/claim",
                Map.of("userId", "demo"));
        assertThat(claim.getStatusCode()).as(claim.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isNull();
        assertThat(changes.require(id).decidedBy()).isNull();
    }

    @Test
    @DisplayName("R-9.2d an administrator handing the approval to the change's requester gets 403 (was a 500 from the task-listener backstop)")
    void adminCannotAssignTheApprovalToTheRequester() throws Exception {
        String id = raise("chris", WINDOW.plus(Duration.ofDays(2)));
        Task task = approvalTask(id);
        for (String action : List.of("/claim", "/assignee", "/delegate")) {
            ResponseEntity<String> handOver = send("demo", "/engine-rest/task/" + task.getId() + action,
                    Map.of("userId", "chris"));
            assertThat(handOver.getStatusCode()).as(action + " " + handOver.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(handOver.getBody()).as(action).contains("four-eyes");
        }
        assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).singleResult().getAssignee())
                .as("still unassigned").isNull();
        // someone else may take it
        ResponseEntity<String> toMike = send("demo", "/engine-rest/task/" + task.getId() + "/assignee",
                Map.of("userId", "demo"));
        assertThat(toMike.getStatusCode()).as(toMike.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    @DisplayName("R-9.2d the same refusal reaches Java callers as a SeparationOfDutiesException")
    void javaCallersGetTheRefusalItself() throws Exception {
        String id = raise("chris", WINDOW.plus(Duration.ofDays(1)));
        Task task = approvalTask(id);
        engine.getIdentityService().setAuthentication("demo", List.of(Role.ADMIN_GROUP));
        assertThatThrownBy(() -> engine.getTaskService().setAssignee(task.getId(), "chris"))
                .isInstanceOf(SeparationOfDutiesException.class).hasMessageContaining("four-eyes");
        engine.getIdentityService().clearAuthentication();
        assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isNull();
    }
}
