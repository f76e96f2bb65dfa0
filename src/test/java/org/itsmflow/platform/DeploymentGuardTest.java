package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The process owner's loop through the engine REST API, as Camunda Modeler's "Deploy" sends it (multipart with
 * {@code deployment-name}, {@code deployment-source} and the files): a changed policy is live for the next incident;
 * other roles are refused (403); the deployment guard refuses scripts, expressions outside the allow-list and unsafe
 * XML for everybody, administrators included (400 naming the element and the rule); the audit log says who deployed
 * what from which tool.
 */
@PostgresTest
class DeploymentGuardTest {

    static final String MODELER = "Camunda Modeler/5.40.0 (linux; x64)";
    static final String RAISED_REASON = "P3 because the process owner raised low impact, low urgency incidents";

    @Autowired
    TestRestTemplate http;
    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    final List<String> deployed = new ArrayList<>();

    @AfterEach
    void undeploy() {
        // the cached context is shared: other test classes expect the files' versions to be the latest
        deployed.forEach(id -> engine.getRepositoryService().deleteDeployment(id, true, true));
    }

    /** POST /engine-rest/deployment/create as Camunda Modeler sends it. */
    ResponseEntity<String> deployAsModeler(String user, String fileName, String content) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("deployment-name", "Modeler change by " + user);
        form.add("deployment-source", "Camunda Modeler");
        form.add(fileName, new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        headers.set(HttpHeaders.USER_AGENT, MODELER);
        ResponseEntity<String> response = http.withBasicAuth(user, user).postForEntity(
                "/engine-rest/deployment/create", new HttpEntity<>(form, headers), String.class);
        if (response.getStatusCode().is2xxSuccessful()) {
            deployed.add(read(response).get("id").asText());
        }
        return response;
    }

    JsonNode read(ResponseEntity<String> response) {
        try {
            return json.readTree(response.getBody());
        } catch (IOException e) {
            throw new IllegalStateException(response.getBody(), e);
        }
    }

    static String changedIncidentPriority() throws IOException {
        String dmn = Files.readString(Path.of("dmn/IncidentPriority.dmn"));
        String lowLow = "\"P4 because the impact is low and the urgency is low; P4 means low: work on it when higher "
                + "priorities allow.\"";
        assertThat(dmn).contains(lowLow);
        int reason = dmn.indexOf(lowLow);
        int output = dmn.lastIndexOf("\"P4\"", reason);
        return dmn.substring(0, output) + "\"P3\"" + dmn.substring(output + 4, reason) + "\"" + RAISED_REASON + "\""
                + dmn.substring(reason + lowLow.length());
    }

    @Test
    @DisplayName("R-3.2 a process owner deploys a changed IncidentPriority from Modeler; the next incident uses it; the audit log has it")
    void processOwnerDeploysAPolicyThatTheNextIncidentUses() throws Exception {
        DecisionDefinition before = engine.getRepositoryService().createDecisionDefinitionQuery()
                .decisionDefinitionKey("IncidentPriority").latestVersion().singleResult();

        ResponseEntity<String> response = deployAsModeler("paul", "IncidentPriority.dmn", changedIncidentPriority());

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        String deploymentId = read(response).get("id").asText();
        DecisionDefinition after = engine.getRepositoryService().createDecisionDefinitionQuery()
                .decisionDefinitionKey("IncidentPriority").latestVersion().singleResult();
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
        assertThat(after.getDeploymentId()).isEqualTo(deploymentId);

        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> incident = http.withBasicAuth("sara", "sara").postForEntity("/api/incidents",
                new HttpEntity<>("""
                        {"title": "Printer toner low", "description": "Floor 3 printer warns about toner",
                         "serviceId": "email", "ciId": "APP-EMAIL", "category": "software",
                         "impact": "LOW", "urgency": "LOW"}""", headers), String.class);
        assertThat(incident.getStatusCode()).as(incident.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(read(incident).get("priority").asText()).isEqualTo("P3");
        assertThat(read(incident).get("priorityReason").asText()).isEqualTo(RAISED_REASON);

        Map<String, Object> audit = jdbc.queryForMap(
                "select user_id, method, path, status, request_summary from api_audit_log where record_id = ?",
                deploymentId);
        assertThat(audit).containsEntry("user_id", "paul").containsEntry("method", "POST")
                .containsEntry("path", "/engine-rest/deployment/create").containsEntry("status", 200);
        assertThat((String) audit.get("request_summary")).contains("source 'Camunda Modeler'").contains(MODELER)
                .contains("IncidentPriority.dmn sha256:");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kate", "sara"})
    @DisplayName("A customer's and a service-desk user's deployments are refused (403), whatever they deploy")
    void customersAndServiceDeskMayNotDeploy(String user) throws Exception {
        long deployments = engine.getRepositoryService().createDeploymentQuery().count();
        ResponseEntity<String> response = deployAsModeler(user, "IncidentPriority.dmn", changedIncidentPriority());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deployments);
    }

    static String process(String id, String task) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_%1$s"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://itsm-flow.org/bpmn">
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="StartEvent_Started"/>
                    <bpmn:sequenceFlow id="Flow_In" sourceRef="StartEvent_Started" targetRef="Task_Evil"/>
                    %2$s
                    <bpmn:sequenceFlow id="Flow_Out" sourceRef="Task_Evil" targetRef="EndEvent_Done"/>
                    <bpmn:endEvent id="EndEvent_Done"/>
                  </bpmn:process>
                </bpmn:definitions>""".formatted(id, task);
    }

    @ParameterizedTest(name = "as {0}")
    @ValueSource(strings = {"paul", "demo"})
    @DisplayName("A BPMN with a script task is refused for everybody, administrators included (400 naming the element and rule)")
    void scriptTaskIsRefused(String user) {
        assertRefused(user, "ScriptProcess.bpmn", process("ScriptProcess", """
                <bpmn:scriptTask id="Task_Evil" scriptFormat="javascript">
                  <bpmn:script>java.lang.Runtime.getRuntime().exec("id")</bpmn:script>
                </bpmn:scriptTask>"""), "Task_Evil", "SCRIPT");
    }

    @ParameterizedTest(name = "as {0}")
    @ValueSource(strings = {"paul", "demo"})
    @DisplayName("A BPMN whose expression calls a Java method outside the allow-list is refused for everybody (400)")
    void expressionOutsideTheAllowListIsRefused(String user) {
        assertRefused(user, "ExpressionProcess.bpmn", process("ExpressionProcess", """
                <bpmn:serviceTask id="Task_Evil"
                    camunda:expression="${execution.getProcessEngineServices().getIdentityService().deleteUser('demo')}"/>"""),
                "Task_Evil", "EXPRESSION");
        assertRefused(user, "BeanProcess.bpmn", process("BeanProcess", """
                <bpmn:serviceTask id="Task_Evil" camunda:expression="${jdbcClient.sql('delete from incident').update()}"/>"""),
                "Task_Evil", "EXPRESSION");
    }

    @ParameterizedTest(name = "as {0}")
    @ValueSource(strings = {"paul", "demo"})
    @DisplayName("A billion-laughs DMN is refused before an entity is expanded (400, no DTD)")
    void billionLaughsIsRefused(String user) {
        assertRefused(user, "Laughs.dmn", DeploymentRulesTest.BILLION_LAUGHS, null, "UNSAFE_XML");
    }

    @Test
    @DisplayName("The product's own delegate beans are on the allow-list, other application beans are not")
    void allowListHoldsTheDelegates(@Autowired DeploymentGuard guard) {
        String delegates = process("DelegateProcess", """
                <bpmn:serviceTask id="Task_Evil" camunda:delegateExpression="${recordIncidentDelegate}"/>""");
        assertThat(guard.rules().check("DelegateProcess.bpmn", delegates.getBytes(StandardCharsets.UTF_8))).isEmpty();
        String engineBean = process("EngineProcess", """
                <bpmn:serviceTask id="Task_Evil" camunda:delegateExpression="${processEngine}"/>""");
        assertThat(guard.rules().check("EngineProcess.bpmn", engineBean.getBytes(StandardCharsets.UTF_8)))
                .extracting(DeploymentRules.Refusal::rule).containsExactly(DeploymentRules.Rule.EXPRESSION);
    }

    void assertRefused(String user, String fileName, String content, String elementId, String rule) {
        long deployments = engine.getRepositoryService().createDeploymentQuery().count();
        ResponseEntity<String> response = deployAsModeler(user, fileName, content);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode body = read(response);
        assertThat(body.get("type").asText()).isEqualTo("ParseException");
        assertThat(body.get("message").asText()).contains(rule).contains(fileName);
        JsonNode errors = body.get("details").get(fileName).get("errors");
        assertThat(errors).isNotEmpty();
        if (elementId != null) {
            assertThat(errors.get(0).get("mainElementId").asText()).isEqualTo(elementId);
            assertThat(body.get("message").asText()).contains("element " + elementId);
        }
        assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deployments);
        Integer refusals = jdbc.queryForObject("select count(*) from api_audit_log where user_id = ? and status = 400"
                + " and path = '/engine-rest/deployment/create' and request_summary like ?", Integer.class, user,
                "%" + fileName + "%");
        assertThat(refusals).isPositive();
    }
}
