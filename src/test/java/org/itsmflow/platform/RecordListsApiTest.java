package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.support.ListPages;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * The lists of changes and complaints share the incidents' query piece ({@link RecordSearch}): filters, free text,
 * paging with a total, the caller's own records for customers, and a 400 naming a bad parameter.
 */
@PostgresTest
class RecordListsApiTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    final String word = "list" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    String post(String user, String path, String body) throws Exception {
        return ListPages.create(http, json, user, path, body).at(path.endsWith("complaints") ? "/complaint/id" : "/change/id").asText();
    }

    JsonNode list(String user, String query) throws Exception {
        return ListPages.get(http, json, user, query);
    }

    static List<String> ids(JsonNode page) {
        return ListPages.ids(page);
    }

    @Test
    @DisplayName("R-7.2d complaints: a customer lists her own, staff list all, by status, severity and free text")
    void complaints() throws Exception {
        String kates = post("kate", "/api/complaints", """
                {"title": "Nobody called back", "description": "I waited for a %s call", "severity": "HIGH"}"""
                .formatted(word));
        String lees = post("lee", "/api/complaints", """
                {"title": "Slow answers", "description": "Answers come late, %s", "severity": "LOW"}"""
                .formatted(word));

        assertThat(ids(list("kate", "/api/complaints?q=" + word))).containsExactly(kates);
        assertThat(ids(list("carla", "/api/complaints?q=" + word))).containsExactlyInAnyOrder(kates, lees);
        JsonNode high = list("carla", "/api/complaints?status=OPEN&severity=HIGH&q=" + word);
        assertThat(high.get("total").asLong()).isEqualTo(1);
        assertThat(high.at("/items/0/raisedBy").asText()).isEqualTo("kate");
        assertThat(http.withBasicAuth("carla", "carla").getForEntity("/api/complaints?severity=URGENT", String.class)
                .getStatusCode().value()).isEqualTo(400);
    }

    @Test
    @DisplayName("R-9.2 changes: by status, CI and free text, paged with a total; a customer lists only her own")
    void changes() throws Exception {
        String change = post("chris", "/api/changes", """
                {"title": "Patch the ERP database", "description": "Apply the %s patch", "reason": "security fix",
                 "changeType": "NORMAL", "urgency": "LOW", "affectedCiIds": ["DB-ERP-TEST"],
                 "plannedStart": "2031-03-01T00:00:00Z", "plannedEnd": "2031-03-01T01:00:00Z",
                 "implementationPlan": "apply, restart", "costEstimate": 0}""".formatted(word));

        JsonNode page = list("chris", "/api/changes?status=OPEN&ciId=DB-ERP-TEST&q=" + word);
        assertThat(ids(page)).containsExactly(change);
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.at("/items/0/requester").asText()).isEqualTo("chris");
        assertThat(list("chris", "/api/changes?ciId=APP-ERP&q=" + word).get("total").asLong()).isZero();
        assertThat(list("chris", "/api/changes?plannedStartFrom=2031-03-02&q=" + word).get("total").asLong())
                .isZero();
        assertThat(list("kate", "/api/changes?q=" + word).get("total").asLong()).isZero();
        ResponseEntity<String> bad = http.withBasicAuth("chris", "chris").getForEntity("/api/changes?risk=EXTREME",
                String.class);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(json.readTree(bad.getBody()).get("errors").findValuesAsText("field")).containsExactly("risk");
    }
}
