package org.itsmflow.complaint;

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

/** {@code POST /api/complaints} and {@code GET /api/complaints/{id}} over HTTP, good input and bad (R-7.2c). */
@PostgresTest
class ComplaintApiTest {

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
        return http.withBasicAuth(user, user).postForEntity("/api/complaints", new HttpEntity<>(body, headers),
                String.class);
    }

    JsonNode read(ResponseEntity<String> response) throws Exception {
        return json.readTree(response.getBody());
    }

    @Test
    @DisplayName("R-7.2c a customer raises a formal complaint through the API: recorded, classified, its process started")
    void customerRaisesAComplaint() throws Exception {
        ResponseEntity<String> response = post("kate", """
                {"title": "Invoices lost", "description": "Twice this month", "severity": "HIGH", "serviceId": "erp"}""");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = read(response);
        String id = body.at("/complaint/id").asText();
        assertThat(id).matches("CMP-\\d{6}");
        assertThat(response.getHeaders().getLocation()).hasToString("/api/complaints/" + id);
        assertThat(body.at("/complaint/customerId").asText()).isEqualTo("acme");
        assertThat(body.at("/complaint/formal").asBoolean()).isTrue();
        assertThat(body.at("/complaint/ownerGroup").asText()).isEqualTo("customerrelations");
        assertThat(body.at("/complaint/acknowledgeDueAt").asText()).isNotBlank();
        assertThat(body.at("/complaint/resolutionDueAt").asText()).isNotBlank();
        assertThat(body.get("journal").findValuesAsText("code")).contains("RECEIVED", "CLASSIFIED_FORMAL");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isEqualTo(1);

        assertThat(http.withBasicAuth("kate", "kate").getForEntity("/api/complaints/" + id, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.withBasicAuth("carla", "carla").getForEntity("/api/complaints/" + id, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.withBasicAuth("lee", "lee").getForEntity("/api/complaints/" + id, String.class)
                .getStatusCode()).as("another customer's complaint is not even confirmed to exist")
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    @DisplayName("R-7.2c the service desk raises a complaint on a customer's behalf")
    void serviceDeskOnBehalf() throws Exception {
        ResponseEntity<String> response = post("sara", """
                {"title": "Shop slow", "description": "Checkout takes minutes", "severity": "LOW",
                 "serviceId": "online-shop", "customerId": "globex", "raisedBy": "lee"}""");
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = read(response);
        assertThat(body.at("/complaint/raisedBy").asText()).isEqualTo("lee");
        assertThat(body.at("/complaint/recordedBy").asText()).isEqualTo("sara");
        assertThat(body.at("/complaint/customerId").asText()).isEqualTo("globex");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing title         | sara | {"description":"d","severity":"LOW"}                                                  | 400 | title
            blank description     | sara | {"title":"t","description":" ","severity":"LOW"}                                      | 400 | description
            missing severity      | sara | {"title":"t","description":"d"}                                                       | 400 | severity
            bad severity          | sara | {"title":"t","description":"d","severity":"SEVERE"}                                   | 400 | severity
            severity wrong type   | sara | {"title":"t","description":"d","severity":3}                                          | 400 | severity
            unknown field         | sara | {"title":"t","description":"d","severity":"LOW","mood":"angry"}                       | 400 | mood
            unknown service       | sara | {"title":"t","description":"d","severity":"LOW","serviceId":"fax"}                    | 404 | serviceId
            unknown incident      | sara | {"title":"t","description":"d","severity":"LOW","incidentId":"INC-999999"}            | 404 | incidentId
            unknown change        | sara | {"title":"t","description":"d","severity":"LOW","changeId":"CHG-999999"}              | 404 | changeId
            unknown customer      | sara | {"title":"t","description":"d","severity":"LOW","customerId":"initech"}               | 404 | customerId
            unknown complainant   | sara | {"title":"t","description":"d","severity":"LOW","raisedBy":"zed"}                     | 400 | raisedBy
            customer for another  | kate | {"title":"t","description":"d","severity":"LOW","raisedBy":"lee"}                     | 400 | raisedBy
            customer as other cust| kate | {"title":"t","description":"d","severity":"LOW","customerId":"globex"}                | 400 | customerId
            title too long        | sara | {"title":"%s","description":"d","severity":"LOW"}                                     | 400 | title
            not JSON              | sara | {"title": "t",                                                                         | 400 | body
            """)
    @DisplayName("bad input is refused with a problem naming the field, and nothing is written")
    void badInput(String name, String user, String body, int status, String field) throws Exception {
        long before = count("complaint");
        long journalBefore = count("complaint_journal");
        long instancesBefore = runtime.createProcessInstanceQuery().count();
        ResponseEntity<String> response = post(user, body.replace("%s", "x".repeat(201)));
        assertThat(response.getStatusCode().value()).as(name).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode problem = read(response);
        assertThat(problem.get("errors").findValuesAsText("field")).as(name).contains(field);
        assertThat(count("complaint")).isEqualTo(before);
        assertThat(count("complaint_journal")).isEqualTo(journalBefore);
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instancesBefore);
    }

    @Test
    @DisplayName("a customer cannot complain about someone else's incident: it is not even confirmed to exist")
    void othersIncidentIsNotFound() throws Exception {
        String incidentId = read(http.withBasicAuth("lee", "lee").postForEntity("/api/incidents", Map.of(
                "title", "Mail down", "serviceId", "email", "category", "software", "impact", "LOW",
                "urgency", "LOW"), String.class)).get("id").asText();
        ResponseEntity<String> response = post("kate", """
                {"title":"t","description":"d","severity":"LOW","incidentId":"%s"}""".formatted(incidentId));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    @DisplayName("an unknown complaint is a 404 problem; anonymous callers get 401")
    void unknownAndAnonymous() {
        ResponseEntity<String> missing = http.withBasicAuth("sara", "sara").getForEntity("/api/complaints/CMP-999999",
                String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(http.postForEntity("/api/complaints", Map.of(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
