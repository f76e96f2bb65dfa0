package org.itsmflow.improvement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The service improvement register's API: propose, assess, authorise (service owners only), progress, history. */
@PostgresTest
class ImprovementApiTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    ResponseEntity<String> post(String user, String path, Object body) {
        return http.withBasicAuth(user, user).postForEntity(path, body, String.class);
    }

    JsonNode read(ResponseEntity<String> r) throws Exception {
        return json.readTree(r.getBody());
    }

    @Test
    @DisplayName("R-4.4 an item goes PROPOSED → ASSESSED → AUTHORISED → IN_PROGRESS → DONE, each step in its history")
    void lifecycle() throws Exception {
        ResponseEntity<String> created = post("ada", "/api/improvements", Map.of("source", "AUDIT",
                "sourceRef", "AUD-000001", "serviceId", "email", "title", "Document the mail relay runbook",
                "priority", "LOW"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = read(created).path("id").asText();
        assertThat(id).matches("SIP-\\d{6}");
        assertThat(read(created).path("status").asText()).isEqualTo("PROPOSED");

        assertThat(post("olivia", "/api/improvements/" + id + "/authorisation", Map.of("approved", true))
                .getStatusCode()).as("not yet assessed").isEqualTo(HttpStatus.CONFLICT);
        ResponseEntity<String> assessed = post("chris", "/api/improvements/" + id + "/assessment", Map.of(
                "assessment", "Halves the time to restore the relay", "priority", "MEDIUM", "owner", "tom",
                "targetDate", "2026-12-31"));
        assertThat(assessed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(read(assessed).path("status").asText()).isEqualTo("ASSESSED");
        assertThat(read(assessed).path("priority").asText()).isEqualTo("MEDIUM");

        assertThat(post("chris", "/api/improvements/" + id + "/authorisation", Map.of("approved", true))
                .getStatusCode()).as("only service owners authorise").isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> authorised = post("olivia", "/api/improvements/" + id + "/authorisation",
                Map.of("approved", true, "note", "Worth it"));
        assertThat(read(authorised).path("status").asText()).isEqualTo("AUTHORISED");
        assertThat(read(authorised).path("authorisedBy").asText()).isEqualTo("olivia");

        assertThat(read(post("olivia", "/api/improvements/" + id + "/status", Map.of("status", "IN_PROGRESS")))
                .path("status").asText()).isEqualTo("IN_PROGRESS");
        ResponseEntity<String> done = post("olivia", "/api/improvements/" + id + "/status", Map.of("status", "DONE",
                "note", "Runbook published"));
        assertThat(read(done).path("status").asText()).isEqualTo("DONE");
        assertThat(read(done).path("closedAt").isNull()).isFalse();
        assertThat(post("olivia", "/api/improvements/" + id + "/status", Map.of("status", "IN_PROGRESS"))
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        JsonNode history = json.readTree(http.withBasicAuth("ada", "ada")
                .getForEntity("/api/improvements/" + id + "/history", String.class).getBody());
        assertThat(history.size()).isEqualTo(5);
        assertThat(history.get(0).path("actor").asText()).isEqualTo("ada");
        assertThat(history.get(2).path("action").asText()).isEqualTo("AUTHORISED");
        assertThat(history.get(2).path("actor").asText()).isEqualTo("olivia");

        JsonNode list = json.readTree(http.withBasicAuth("ada", "ada")
                .getForEntity("/api/improvements?status=DONE&source=AUDIT", String.class).getBody());
        assertThat(list.findValuesAsText("id")).contains(id);
    }

    @Test
    @DisplayName("R-4.4 rejecting needs a reason; bad input is a 400 naming the field; customers may not read")
    void rejectionAndErrors() throws Exception {
        String id = read(post("olivia", "/api/improvements", Map.of("source", "MANUAL", "title", "Second relay",
                "priority", "HIGH"))).path("id").asText();
        ResponseEntity<String> noReason = post("olivia", "/api/improvements/" + id + "/status",
                Map.of("status", "REJECTED"));
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(read(noReason).path("errors").get(0).path("field").asText()).isEqualTo("note");
        assertThat(read(post("olivia", "/api/improvements/" + id + "/status", Map.of("status", "REJECTED",
                "note", "Too costly"))).path("status").asText()).isEqualTo("REJECTED");

        ResponseEntity<String> badSource = post("olivia", "/api/improvements", Map.of("source", "GUESS",
                "title", "x", "priority", "HIGH"));
        assertThat(badSource.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(read(badSource).path("errors").get(0).path("field").asText()).isEqualTo("source");
        assertThat(post("olivia", "/api/improvements", Map.of("source", "MANUAL", "title", "x", "priority", "URGENT"))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.withBasicAuth("olivia", "olivia").getForEntity("/api/improvements?status=MAYBE", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.withBasicAuth("olivia", "olivia").getForEntity("/api/improvements/SIP-999999", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.withBasicAuth("kate", "kate").getForEntity("/api/improvements", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
