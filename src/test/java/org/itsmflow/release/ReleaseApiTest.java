package org.itsmflow.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.cmdb.CmdbService;
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

/** The release API over HTTP (R-10.1d): planning, who may plan, bad input as problems, reading a release back. */
@PostgresTest
class ReleaseApiTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    ChangeService changes;
    @Autowired
    CmdbService cmdb;
    @Autowired
    ReleaseMedia media;

    @BeforeEach
    void pastClock() {
        ClockUtil.setCurrentTime(Date.from(ReleaseProcessTest.NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    ResponseEntity<String> send(HttpMethod method, String user, String path, Object body) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).exchange(path, method,
                new HttpEntity<>(body == null ? null : json.writeValueAsString(body), headers), String.class);
    }

    Map<String, Object> body(String ci, String changeId) {
        var d = ReleaseFixtures.deliverable(media, ci, "api.jar");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "API release");
        body.put("releaseType", "PATCH");
        body.put("plannedDate", "2026-10-20T22:00:00Z");
        body.put("deliverables", List.of(Map.of("name", d.name(), "version", d.version(), "sha256", d.sha256(),
                "location", d.location(), "ciId", ci)));
        body.put("changeIds", List.of(changeId));
        body.put("targetCiIds", List.of(ci));
        body.put("sites", ReleaseFixtures.sites(2));
        return body;
    }

    @Test
    @DisplayName("R-10.1d R-10.1a a release manager plans a release: 201 with policy, waves, deliverables and RFCs; GET shows it")
    void planAndRead() throws Exception {
        String ci = ReleaseFixtures.newCi(cmdb, "API");
        Change change = ReleaseFixtures.approvedChange(changes, ChangeType.STANDARD, ci);
        ResponseEntity<String> created = send(HttpMethod.POST, "rita", "/api/releases", body(ci, change.id()));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode view = json.readTree(created.getBody());
        String id = view.at("/release/id").asText();
        assertThat(created.getHeaders().getLocation()).hasToString("/api/releases/" + id);
        assertThat(view.at("/release/status").asText()).isEqualTo("PLANNED");
        assertThat(view.at("/release/approvals").asText()).isEqualTo("RELEASE_MANAGER");
        assertThat(view.at("/waves")).hasSize(2);
        assertThat(view.at("/deliverables/0/id").asText()).startsWith("DML-");
        assertThat(view.at("/changeIds/0").asText()).isEqualTo(change.id());

        ResponseEntity<String> read = send(HttpMethod.GET, "olivia", "/api/releases/" + id, null);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(read.getBody()).at("/release/planner").asText()).isEqualTo("rita");
        assertThat(send(HttpMethod.GET, "ada", "/api/releases", null).getBody()).contains(id);
        ResponseEntity<String> summary = send(HttpMethod.GET, "ada",
                "/api/releases/summary?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z", null);
        assertThat(summary.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(summary.getBody()).at("/byType/PATCH").asInt()).isPositive();
    }

    @Test
    @DisplayName("R-10.1b only release managers plan releases; customers cannot read them")
    void whoMayPlan() throws Exception {
        String ci = ReleaseFixtures.newCi(cmdb, "APIAUTH");
        Change change = ReleaseFixtures.approvedChange(changes, ChangeType.STANDARD, ci);
        assertThat(send(HttpMethod.POST, "tom", "/api/releases", body(ci, change.id())).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send(HttpMethod.GET, "kate", "/api/releases", null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    @DisplayName("R-10.1d R-9.2d bad plans are 400/404 problems naming the field: unapproved or unknown change, bad checksum, unknown CI, unknown release")
    void badInput() throws Exception {
        String ci = ReleaseFixtures.newCi(cmdb, "APIBAD");
        Change change = ReleaseFixtures.approvedChange(changes, ChangeType.STANDARD, ci);

        ResponseEntity<String> unknownChange = send(HttpMethod.POST, "rita", "/api/releases", body(ci, "CHG-999999"));
        assertThat(unknownChange.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknownChange.getBody()).contains("changeIds");

        Map<String, Object> badSum = body(ci, change.id());
        badSum.put("deliverables", List.of(Map.of("name", "x", "version", "1", "sha256", "not-a-checksum",
                "location", "x.jar", "ciId", ci)));
        ResponseEntity<String> refused = send(HttpMethod.POST, "rita", "/api/releases", badSum);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(refused.getBody()).contains("deliverables[0].sha256");

        Map<String, Object> unknownCi = body(ci, change.id());
        unknownCi.put("targetCiIds", List.of("NO-SUCH-CI-42"));
        assertThat(send(HttpMethod.POST, "rita", "/api/releases", unknownCi).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        Map<String, Object> missing = body(ci, change.id());
        missing.remove("sites");
        ResponseEntity<String> noSites = send(HttpMethod.POST, "rita", "/api/releases", missing);
        assertThat(noSites.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noSites.getBody()).contains("sites");

        assertThat(send(HttpMethod.GET, "rita", "/api/releases/REL-999999", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(send(HttpMethod.GET, "rita", "/api/releases/summary?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z",
                null).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
