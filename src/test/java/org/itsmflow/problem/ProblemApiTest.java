package org.itsmflow.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** {@code POST/GET /api/problems}: a problem raised by hand (R-8.3a), and every bad input refused with its field. */
@PostgresTest
class ProblemApiTest {

    static final String VALID = """
            {"title": "Shop checkout slow at lunch", "description": "Seen for weeks", "serviceId": "online-shop",
             "ciId": "DB-SHOP-PROD", "category": "other", "impact": "HIGH", "urgency": "MEDIUM"%s}""";

    @Autowired
    TestRestTemplate http;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ObjectMapper json;

    ResponseEntity<String> post(String user, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).postForEntity("/api/problems", new HttpEntity<>(body, headers),
                String.class);
    }

    @Test
    @DisplayName("R-8.3a R-8.3b a problem raised through the API is recorded, prioritised by ProblemPriority and handed to its group")
    void raisedByHand() throws Exception {
        ResponseEntity<String> created = post("tom", VALID.formatted(""));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = json.readTree(created.getBody());
        String id = body.get("id").asText();
        assertThat(id).matches("PRB-\\d{6}");
        assertThat(created.getHeaders().getLocation()).hasToString("/api/problems/" + id);
        assertThat(body.get("source").asText()).isEqualTo("MANUAL");
        assertThat(body.get("raisedBy").asText()).isEqualTo("tom");
        assertThat(body.get("status").asText()).isEqualTo("NEW");

        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(id)
                .singleResult();
        for (Job job : engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).executable().list()) {
            engine.getManagementService().executeJob(job.getId());
        }
        JsonNode got = http.withBasicAuth("olivia", "olivia").getForObject("/api/problems/" + id, JsonNode.class);
        assertThat(got.get("priority").asText()).isEqualTo("P2");
        assertThat(got.get("assignmentGroup").asText()).isEqualTo("secondline");
        assertThat(got.get("status").asText()).isEqualTo("INVESTIGATING");
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).singleResult()
                .getTaskDefinitionKey()).isEqualTo("UserTask_InvestigateProblem");
        JsonNode journal = http.withBasicAuth("tom", "tom").getForObject("/api/problems/" + id + "/journal",
                JsonNode.class);
        assertThat(journal.findValuesAsText("code")).containsExactly("NEW", "PRIORITISED");
        assertThat(http.withBasicAuth("tom", "tom").getForObject("/api/problems?status=INVESTIGATING", JsonNode.class)
                .findValuesAsText("id")).contains(id);
    }

    @ParameterizedTest(name = "{0} is refused: {4} naming {1}")
    @CsvSource(delimiter = '|', textBlock = """
            missing title    | title       | "title": "Shop checkout slow at lunch" | "title": " "             | 400
            bad category     | category    | "category": "other"                    | "category": "weather"    | 400
            bad impact       | impact      | "impact": "HIGH"                       | "impact": "HUGE"         | 400
            unknown service  | serviceId   | "serviceId": "online-shop"             | "serviceId": "nope"      | 404
            unknown CI       | ciId        | "ciId": "DB-SHOP-PROD"                 | "ciId": "SRV-NOPE"       | 404
            """)
    void badInput(String name, String field, String good, String bad, int status) throws Exception {
        ResponseEntity<String> response = post("tom", VALID.formatted("").replace(good, bad));
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(json.readTree(response.getBody()).findValuesAsText("field")).contains(field);
    }

    @Test
    @DisplayName("R-8.3a linked incidents must exist; bad JSON, customers and unknown ids are refused without a 500")
    void refusals() throws Exception {
        ResponseEntity<String> unknownIncident = post("tom", VALID.formatted(", \"incidentIds\": [\"INC-999999\"]"));
        assertThat(unknownIncident.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(unknownIncident.getBody()).findValuesAsText("field")).contains("incidentIds");
        ResponseEntity<String> badIncidentId = post("tom", VALID.formatted(", \"incidentIds\": [\"42\"]"));
        assertThat(badIncidentId.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("tom", "{").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("tom", VALID.formatted(", \"colour\": \"red\"")).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("kate", VALID.formatted("")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("kate", "kate").getForEntity("/api/problems", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> missing = http.withBasicAuth("tom", "tom").getForEntity("/api/problems/PRB-999999",
                String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> badStatus = http.withBasicAuth("tom", "tom").getForEntity("/api/problems?status=DONE",
                String.class);
        assertThat(badStatus.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(List.of(unknownIncident, badIncidentId, missing, badStatus))
                .allMatch(r -> "application/problem+json".equals(String.valueOf(r.getHeaders().getContentType())));
    }
}
