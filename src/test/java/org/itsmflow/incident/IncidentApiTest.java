package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RuntimeService;
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
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code POST /api/incidents} and {@code GET /api/incidents/{id}} over HTTP, good input and bad. */
@PostgresTest
class IncidentApiTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ObjectMapper json;

    ResponseEntity<String> post(String user, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).postForEntity("/api/incidents", new HttpEntity<>(body, headers),
                String.class);
    }

    JsonNode read(ResponseEntity<String> response) throws Exception {
        return json.readTree(response.getBody());
    }

    static String incident(String impact, String urgency) {
        return """
                {"title": "Cannot send e-mail", "description": "Outlook says the server is unavailable",
                 "serviceId": "email", "ciId": "APP-EMAIL", "category": "software",
                 "impact": "%s", "urgency": "%s"}""".formatted(impact, urgency);
    }

    @Test
    @DisplayName("R-8.2a R-8.2b an incident reported through the API is recorded, prioritised and routed")
    void reportsAnIncident() throws Exception {
        ResponseEntity<String> response = post("kate", incident("HIGH", "HIGH"));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = read(response);
        String id = body.get("id").asText();
        assertThat(id).matches("INC-\\d{6}");
        assertThat(response.getHeaders().getLocation()).hasToString("/api/incidents/" + id);
        assertThat(body.get("priority").asText()).isEqualTo("P1");
        // the request commits at the first user task (mail outbox, ADR 0013): a major incident is already declared
        assertThat(body.get("status").asText())
                .isEqualTo(body.get("majorIncident").asBoolean() ? "IN_PROGRESS" : "NEW");
        assertThat(body.get("assignmentGroup").asText()).isNotBlank();
        assertThat(body.get("reportedBy").asText()).isEqualTo("kate");
        assertThat(body.get("mails").findValuesAsText("code")).as("the customer's mail, queued with the record")
                .contains("RECORDED");

        ResponseEntity<String> got = http.withBasicAuth("sara", "sara").getForEntity("/api/incidents/" + id, String.class);
        assertThat(got.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode incident = read(got);
        assertThat(incident.at("/sla/resolutionDueAt").asText()).isNotBlank();
        assertThat(incident.at("/sla/responseDueAt").asText()).isNotBlank();
        assertThat(incident.get("decisions").findValuesAsText("decision"))
                .contains("IncidentPriority", "IncidentClassification");
        assertThat(incident.get("priorityReason").asText()).isNotBlank();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isEqualTo(1);
    }

    @Test
    @DisplayName("R-8.2a the service desk reports an incident on a customer's behalf")
    void reportsOnBehalfOfACustomer() throws Exception {
        String body = incident("LOW", "MEDIUM").replace("\"urgency\": \"MEDIUM\"}",
                "\"urgency\": \"MEDIUM\", \"reportedBy\": \"kate\"}");
        ResponseEntity<String> response = post("sara", body);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(read(response).get("reportedBy").asText()).isEqualTo("kate");
    }

    @Test
    @DisplayName("R-8.2b LOW impact and LOW urgency is P4")
    void lowLowIsP4() throws Exception {
        assertThat(read(post("sara", incident("LOW", "LOW"))).get("priority").asText()).isEqualTo("P4");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing title        | {"serviceId":"email","category":"software","impact":"LOW","urgency":"LOW"}                                   | 400 | title
            blank title          | {"title":" ","serviceId":"email","category":"software","impact":"LOW","urgency":"LOW"}                      | 400 | title
            missing service      | {"title":"t","category":"software","impact":"LOW","urgency":"LOW"}                                          | 400 | serviceId
            bad category         | {"title":"t","serviceId":"email","category":"printer","impact":"LOW","urgency":"LOW"}                       | 400 | category
            bad impact           | {"title":"t","serviceId":"email","category":"software","impact":"SEVERE","urgency":"LOW"}                   | 400 | impact
            impact of wrong type | {"title":"t","serviceId":"email","category":"software","impact":7,"urgency":"LOW"}                          | 400 | impact
            missing urgency      | {"title":"t","serviceId":"email","category":"software","impact":"LOW"}                                      | 400 | urgency
            unknown field        | {"title":"t","serviceId":"email","category":"software","impact":"LOW","urgency":"LOW","colour":"red"}       | 400 | colour
            unknown service      | {"title":"t","serviceId":"fax","category":"software","impact":"LOW","urgency":"LOW"}                        | 404 | serviceId
            unknown CI           | {"title":"t","serviceId":"email","ciId":"SRV-NOPE","category":"software","impact":"LOW","urgency":"LOW"}    | 404 | ciId
            unknown reporter     | {"title":"t","serviceId":"email","category":"software","impact":"LOW","urgency":"LOW","reportedBy":"zed"}   | 400 | reportedBy
            not JSON             | {"title": "t",                                                                                              | 400 | body
            """)
    @DisplayName("bad input is refused with a problem naming the field, and nothing is written")
    void badInput(String name, String body, int status, String field) throws Exception {
        long incidentsBefore = count("incident");
        long clocksBefore = count("sla_clock");
        long instancesBefore = runtime.createProcessInstanceQuery().count();
        ResponseEntity<String> response = post("sara", body);
        assertThat(response.getStatusCode().value()).as(name).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode problem = read(response);
        assertThat(problem.get("errors").findValuesAsText("field")).as(name).contains(field);
        assertThat(problem.get("detail").asText()).contains(field);
        assertThat(count("incident")).isEqualTo(incidentsBefore);
        assertThat(count("sla_clock")).isEqualTo(clocksBefore);
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instancesBefore);
    }

    @Test
    @DisplayName("an unknown incident is a 404 problem; anonymous callers get 401")
    void unknownAndAnonymous() {
        ResponseEntity<String> missing = http.withBasicAuth("sara", "sara").getForEntity("/api/incidents/INC-999999",
                String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(http.postForEntity("/api/incidents", Map.of(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    @DisplayName("a customer reads their own incidents only")
    void customersSeeTheirOwn() throws Exception {
        String id = read(post("kate", incident("LOW", "MEDIUM"))).get("id").asText();
        assertThat(http.withBasicAuth("kate", "kate").getForEntity("/api/incidents/" + id, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.withBasicAuth("lee", "lee").getForEntity("/api/incidents/" + id, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
