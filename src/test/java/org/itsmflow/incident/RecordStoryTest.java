package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeType;
import org.itsmflow.change.ChangeUrgency;
import org.itsmflow.change.NewChange;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.complaint.Complaint;
import org.itsmflow.complaint.ComplaintService;
import org.itsmflow.complaint.NewComplaint;
import org.itsmflow.complaint.Severity;
import org.itsmflow.problem.NewProblem;
import org.itsmflow.problem.Problem;
import org.itsmflow.problem.ProblemService;
import org.itsmflow.release.Release;
import org.itsmflow.release.ReleaseFixtures;
import org.itsmflow.release.ReleaseMedia;
import org.itsmflow.release.ReleaseService;
import org.itsmflow.release.ReleaseType;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * A record's whole story in one answer: an incident with its journal, SLA clocks, decisions and mails also lists the
 * records linked to it — the problem investigating it, and through the problem the known error, the change fixing it
 * and the release deploying that change, and the complaint about it — whichever feature recorded the link. Staff see
 * every link; the customer who reported the incident sees only her own complaint about it, never the internal
 * problem, known error, change or release. The problem's and the change's pages list the same links from their end.
 */
@PostgresTest
class RecordStoryTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    IncidentService incidents;
    @Autowired
    ComplaintService complaints;
    @Autowired
    ProblemService problems;
    @Autowired
    ReleaseService releases;
    @Autowired
    ReleaseMedia media;
    @Autowired
    CmdbService cmdb;

    Incident incident;
    Complaint complaint;
    Problem problem;
    String knownError;
    Change change;
    Release release;

    /** One chain of records as the processes leave it: incident → problem → known error, change → release. */
    @BeforeEach
    void aChainOfRecords() {
        String ci = ReleaseFixtures.newCi(cmdb, "STORY");
        incident = incidents.report(new NewIncident("Expense reports lose their receipts",
                "Attachments vanish after saving", "email", null, "software", Level.MEDIUM, Level.MEDIUM, "kate"),
                "kate");
        complaint = complaints.raise(new NewComplaint("Receipts lost again", "Third time this month",
                Severity.MEDIUM, null, incident.id(), null, null, null), "kate");
        problem = problems.raise(new NewProblem("Attachments vanish after saving", "Seen by several users", "email",
                null, "software", "MEDIUM", "MEDIUM", List.of(incident.id())), "tom");
        knownError = problems.recordKnownError(problem.id(), "The upload cache is purged too early",
                "Attachments vanish after saving", "Save twice");
        Instant window = Instant.parse("2026-09-07T00:00:00Z").plus(Duration.ofMinutes(
                Math.floorMod(ReleaseFixtures.unique().hashCode(), 50_000)));
        change = problems.raiseFix(problem.id(), new NewChange("Keep uploads until they are stored",
                "permanent fix of " + problem.id(), "story test", ChangeType.STANDARD, ChangeUrgency.LOW, List.of(ci),
                window, window.plus(Duration.ofHours(1)), "deploy the fix", "redeploy the old build",
                new BigDecimal("10.00"), "no lost receipts", null, null), "tom");
        release = releases.plan(ReleaseFixtures.plan("Upload fix", ReleaseType.PATCH,
                List.of(ReleaseFixtures.deliverable(media, ci, "upload.war")), List.of(change.id()),
                List.of(knownError), List.of(ci), ReleaseFixtures.sites(1)), "rita");
    }

    @Test
    @DisplayName("R-8.2a R-8.3a the incident's page tells its whole story: journal, SLA, decisions, mails and every linked record")
    void theIncidentShowsItsWholeStory() throws Exception {
        JsonNode story = get("sara", "/api/incidents/" + incident.id());
        assertThat(story.path("journal").size()).isPositive();
        assertThat(story.path("sla").path("clocks").size()).isPositive();
        assertThat(story.path("decisions").size()).isPositive();
        assertThat(story.path("mails").isArray()).isTrue();

        Map<String, JsonNode> links = byId(story.path("links"));
        assertThat(links).containsKeys(problem.id(), complaint.id(), knownError, change.id(), release.id());
        assertThat(links.get(problem.id()).path("kind").asText()).isEqualTo("problem");
        assertThat(links.get(problem.id()).path("relation").asText()).isEqualTo("investigates");
        assertThat(links.get(problem.id()).hasNonNull("via")).as("linked directly").isFalse();
        assertThat(links.get(problem.id()).path("href").asText()).isEqualTo("/api/problems/" + problem.id());
        assertThat(links.get(complaint.id()).hasNonNull("via")).isFalse();
        assertThat(links.get(knownError).path("via").asText()).isEqualTo(problem.id());
        assertThat(links.get(change.id()).path("via").asText()).isEqualTo(problem.id());
        assertThat(links.get(release.id()).path("kind").asText()).isEqualTo("release");
        assertThat(links.get(release.id()).path("via").asText()).isIn(change.id(), knownError);
        assertThat(links.keySet()).as("other incidents of the problem are the problem's story, not this one's")
                .noneMatch(id -> id.startsWith("INC-"));
    }

    @Test
    @DisplayName("The reporting customer sees her own complaint among the links, never the internal records behind the incident")
    void theCustomerSeesOnlyHerOwnLinkedRecords() throws Exception {
        JsonNode story = get("kate", "/api/incidents/" + incident.id());
        assertThat(byId(story.path("links")).keySet()).containsExactly(complaint.id());
        assertThat(story.path("journal").size()).isPositive();
    }

    @Test
    @DisplayName("The problem's and the change's pages list the same chain from their end")
    void theProblemAndTheChangeShowTheirLinks() throws Exception {
        JsonNode problemStory = get("tom", "/api/problems/" + problem.id());
        assertThat(problemStory.path("id").asText()).as("the record's fields stay at the top").isEqualTo(problem.id());
        assertThat(problemStory.path("incidentIds").toString()).contains(incident.id());
        assertThat(problemStory.path("journal").size()).isPositive();
        assertThat(byId(problemStory.path("links"))).containsKeys(incident.id(), knownError, change.id(),
                release.id(), complaint.id());

        JsonNode changeStory = get("tom", "/api/changes/" + change.id());
        Map<String, JsonNode> links = byId(changeStory.path("links"));
        assertThat(links).containsKeys(problem.id(), release.id(), incident.id(), knownError);
        assertThat(links.get(problem.id()).path("relation").asText()).isEqualTo("is fixed by");
        assertThat(links.get(release.id()).path("relation").asText()).isEqualTo("deploys");
        assertThat(links.get(incident.id()).path("via").asText()).isEqualTo(problem.id());
    }

    private JsonNode get(String user, String path) throws Exception {
        ResponseEntity<String> response = http.withBasicAuth(user, user).getForEntity(path, String.class);
        assertThat(response.getStatusCode().value()).as(path + " " + response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private static Map<String, JsonNode> byId(JsonNode links) {
        Map<String, JsonNode> byId = new HashMap<>();
        links.forEach(link -> byId.put(link.path("id").asText(), link));
        return byId;
    }
}
