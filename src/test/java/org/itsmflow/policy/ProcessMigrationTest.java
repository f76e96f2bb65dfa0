package org.itsmflow.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
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

/** Running instances follow a new process version through {@code /api/processes/{key}/migrations}. */
@PostgresTest
class ProcessMigrationTest {

    static final String OWNER = PolicyPreviewTest.OWNER;

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    ProcessEngine engine;
    @Autowired
    IdentityService identity;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    HistoryService history;

    @BeforeEach
    void processOwner() {
        PolicyPreviewTest.ensureProcessOwner(identity, OWNER);
    }

    ResponseEntity<String> migrate(String user, String key, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).postForEntity("/api/processes/" + key + "/migrations",
                new HttpEntity<>(body, headers), String.class);
    }

    static JsonNode step(JsonNode overview, int fromVersion) {
        for (JsonNode step : overview.get("steps")) {
            if (step.get("fromVersion").asInt() == fromVersion) {
                return step;
            }
        }
        throw new AssertionError("no step from version " + fromVersion + " in " + overview);
    }

    @Test
    @DisplayName("issue 17: an incident started on one version is migrated to a changed IncidentManagement and goes on to closure")
    void incidentFollowsTheNewVersion() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> created = http.withBasicAuth("sara", "sara").postForEntity("/api/incidents",
                new HttpEntity<>("""
                        {"title": "Mail is slow", "description": "since this morning", "serviceId": "email",
                         "category": "software", "impact": "LOW", "urgency": "LOW", "reportedBy": "kate"}""", headers),
                String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        String incidentId = json.readTree(created.getBody()).get("id").asText();
        ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId).singleResult();
        ProcessDefinition before = repository.getProcessDefinition(pi.getProcessDefinitionId());

        String changed = Files.readString(Path.of("bpmn/IncidentManagement.bpmn"))
                .replace("name=\"Triage incident\"", "name=\"Triage the incident\"");
        Deployment deployment = repository.createDeployment().name("policy-migration-test")
                .addString("IncidentManagement.bpmn", changed).deploy();
        ProcessDefinition after = repository.createProcessDefinitionQuery().deploymentId(deployment.getId())
                .singleResult();
        try {
            ResponseEntity<String> dryRun = http.withBasicAuth(OWNER, OWNER).getForEntity(
                    "/api/processes/IncidentManagement/migrations", String.class);
            assertThat(dryRun.getStatusCode()).as(dryRun.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode plan = json.readTree(dryRun.getBody());
            assertThat(plan.get("executed").asBoolean()).isFalse();
            assertThat(step(plan, before.getVersion()).get("migrate").findValuesAsText("businessKey"))
                    .contains(incidentId);
            assertThat(step(plan, before.getVersion()).get("instructions").toString())
                    .contains("UserTask_TriageIncident → UserTask_TriageIncident");
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).singleResult()
                    .getProcessDefinitionId()).as("a dry run moves nothing").isEqualTo(before.getId());
            ResponseEntity<String> page = http.withBasicAuth(OWNER, OWNER).getForEntity(
                    "/api/processes/IncidentManagement/migrations?format=html", String.class);
            assertThat(page.getBody()).contains(incidentId, "id=\"migrate\"");

            assertThat(migrate("sara", "IncidentManagement", "{}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(migrate("kate", "IncidentManagement", "{}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            ResponseEntity<String> done = migrate(OWNER, "IncidentManagement",
                    "{\"versions\": [" + before.getVersion() + "]}");
            assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode result = json.readTree(done.getBody());
            assertThat(result.get("executed").asBoolean()).isTrue();
            assertThat(step(result, before.getVersion()).get("migrate").findValuesAsText("businessKey"))
                    .contains(incidentId);
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).singleResult()
                    .getProcessDefinitionId()).isEqualTo(after.getId());

            complete(pi, "UserTask_TriageIncident", "triageDecision", "CONFIRM");
            complete(pi, "UserTask_ResolveIncident", "resolution", "RESOLVED", "resolutionNote", "Cleared the queue");
            complete(pi, "UserTask_ConfirmResolution", "customerConfirmation", "CONFIRMED");
            complete(pi, "UserTask_CloseIncident", "closureCode", "SOLVED", "closureNote", "Fixed");
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count()).isZero();
            assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(pi.getId()).singleResult())
                    .satisfies(h -> {
                        assertThat(h.getProcessDefinitionId()).isEqualTo(after.getId());
                        assertThat(h.getEndActivityId()).isEqualTo("EndEvent_IncidentClosed");
                    });
            JsonNode incident = json.readTree(http.withBasicAuth("sara", "sara")
                    .getForEntity("/api/incidents/" + incidentId, String.class).getBody());
            assertThat(incident.get("status").asText()).isEqualTo("CLOSED");
        } finally {
            // the changed version stays (other instances may have moved to it); the original becomes latest again
            repository.createDeployment().name("policy-migration-test-restore")
                    .addString("IncidentManagement.bpmn", Files.readString(Path.of("bpmn/IncidentManagement.bpmn")))
                    .deploy();
        }
    }

    void complete(ProcessInstance pi, String taskKey, Object... variables) {
        EngineJobs.runDue(engine, pi.getId());
        Task task = tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(taskKey).singleResult();
        assertThat(task).as("open task " + taskKey).isNotNull();
        var values = Variables.createVariables();
        for (int i = 0; i < variables.length; i += 2) {
            values.putValue((String) variables[i], variables[i + 1]);
        }
        tasks.complete(task.getId(), values);
    }

    static BpmnModelInstance probe(boolean withSecondStep) {
        var builder = Bpmn.createExecutableProcess("PolicyMigrationProbe").camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Started").userTask("UserTask_First");
        return withSecondStep ? builder.userTask("UserTask_Second").endEvent("EndEvent_Done").done()
                : builder.endEvent("EndEvent_Done").done();
    }

    @Test
    @DisplayName("issue 17: an instance waiting in an activity removed in the new version is listed, not migrated")
    void instanceWithoutCounterpartStays() throws Exception {
        Deployment v1 = repository.createDeployment().addModelInstance("PolicyMigrationProbe.bpmn", probe(true))
                .deploy();
        Deployment v2 = null;
        try {
            ProcessInstance atFirst = runtime.startProcessInstanceByKey("PolicyMigrationProbe", "PROBE-1");
            ProcessInstance atSecond = runtime.startProcessInstanceByKey("PolicyMigrationProbe", "PROBE-2");
            tasks.complete(tasks.createTaskQuery().processInstanceId(atSecond.getId()).singleResult().getId());
            v2 = repository.createDeployment().addModelInstance("PolicyMigrationProbe.bpmn", probe(false)).deploy();
            String target = repository.createProcessDefinitionQuery().deploymentId(v2.getId()).singleResult().getId();

            ResponseEntity<String> done = migrate(OWNER, "PolicyMigrationProbe", "{}");
            assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode step = step(json.readTree(done.getBody()), 1);
            assertThat(step.get("migrate").findValuesAsText("businessKey")).containsExactly("PROBE-1");
            assertThat(step.get("stay").findValuesAsText("businessKey")).containsExactly("PROBE-2");
            assertThat(step.at("/stay/0/unmapped").toString()).contains("UserTask_Second");
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(atFirst.getId()).singleResult()
                    .getProcessDefinitionId()).isEqualTo(target);
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(atSecond.getId()).singleResult()
                    .getProcessDefinitionId()).isNotEqualTo(target);

            assertThat(migrate(OWNER, "PolicyMigrationProbe", "{\"versions\": [7]}").getStatusCode())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(migrate(OWNER, "NoSuchProcess", "{}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            HttpHeaders text = new HttpHeaders();
            text.setContentType(MediaType.TEXT_PLAIN);
            assertThat(http.withBasicAuth(OWNER, OWNER).postForEntity("/api/processes/PolicyMigrationProbe/migrations",
                    new HttpEntity<>("{}", text), String.class).getStatusCode())
                    .as("a cross-site form cannot send JSON").isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        } finally {
            for (Deployment d : List.of(v1, v2 == null ? v1 : v2)) {
                if (repository.createDeploymentQuery().deploymentId(d.getId()).count() > 0) {
                    repository.deleteDeployment(d.getId(), true);
                }
            }
        }
    }
}
