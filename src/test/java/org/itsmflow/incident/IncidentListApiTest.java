package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.servicelevel.ClockState;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.servicelevel.SlaClockView;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.ListPages;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /api/incidents}: filters, free text (PostgreSQL full-text), paging with a total, SLA state, the open
 * task and its assignee, a customer's own list, and bad parameters answered 400 naming the parameter. The database
 * is shared with other test classes, so each test marks its incidents with a word of its own and searches for it.
 */
@PostgresTest
class IncidentListApiTest {

    static final Instant NOW = Instant.parse("2026-11-18T09:30:00Z");

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    IncidentService incidents;
    @Autowired
    SlaClockService clocks;
    @Autowired
    ProcessEngine engine;

    /** A word nobody else's incident holds. */
    final String word = "mark" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @BeforeEach
    void fixedClock() {
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    Incident report(String title, String service, String ci, Level impact, Level urgency, String reporter) {
        return incidents.report(new NewIncident(title, "Users see a " + word + " error when posting invoices",
                service, ci, "software", impact, urgency, reporter), reporter);
    }

    JsonNode list(String user, String query) throws Exception {
        return ListPages.get(http, json, user, "/api/incidents?" + query);
    }

    static List<String> ids(JsonNode page) {
        return ListPages.ids(page);
    }

    @Test
    @DisplayName("R-8.2a open P1 and P2 incidents of the ERP service: a page with its total, each with SLA state")
    void openP1AndP2OfOneService() throws Exception {
        Incident p1 = report("Ledger down", "erp", "APP-ERP", Level.HIGH, Level.HIGH, "kate");
        Incident p2 = report("Invoices slow", "erp", "APP-ERP", Level.HIGH, Level.MEDIUM, "kate");
        Incident p4 = report("Typo on the invoice form", "erp", "APP-ERP", Level.LOW, Level.LOW, "kate");
        Incident mail = report("Mail slow", "email", null, Level.HIGH, Level.HIGH, "kate");
        assertThat(List.of(p1.priority(), p2.priority(), p4.priority())).containsExactly("P1", "P2", "P4");

        JsonNode page = list("sara", "status=OPEN&priority=P1,P2&serviceId=erp&q=" + word);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
        assertThat(ids(page)).containsExactlyInAnyOrder(p1.id(), p2.id()).doesNotContain(p4.id(), mail.id());
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("status").asText()).isEqualTo("NEW");
        assertThat(item.get("serviceId").asText()).isEqualTo("erp");
        assertThat(item.get("group").asText()).isNotBlank();
        assertThat(item.get("createdAt").asText()).isEqualTo(NOW.toString());
        assertThat(item.at("/sla/state").asText()).isEqualTo("ON_TRACK");
        assertThat(item.at("/sla/kind").asText()).isIn("RESPONSE", "RESOLUTION");
        assertThat(Instant.parse(item.at("/sla/dueAt").asText())).isAfter(NOW);

        JsonNode all = list("sara", "status=OPEN&priority=P1,P2&serviceId=erp");
        assertThat(all.get("total").asLong()).isGreaterThanOrEqualTo(2);
        all.get("items").forEach(i -> {
            assertThat(i.get("serviceId").asText()).isEqualTo("erp");
            assertThat(i.get("priority").asText()).isIn("P1", "P2");
            assertThat(i.get("status").asText()).isIn("NEW", "IN_PROGRESS", "PENDING_CUSTOMER");
        });
    }

    @Test
    @DisplayName("R-8.2a a customer's list holds only the incidents she reported; staff see everyone's")
    void customerSeesOwnOnly() throws Exception {
        Incident kates = report("Printer jam", "email", null, Level.LOW, Level.LOW, "kate");
        Incident lees = report("Printer out of toner", "email", null, Level.LOW, Level.LOW, "lee");

        assertThat(ids(list("kate", "q=" + word))).containsExactly(kates.id());
        assertThat(ids(list("lee", "q=" + word))).containsExactly(lees.id());
        assertThat(ids(list("sara", "q=" + word))).containsExactlyInAnyOrder(kates.id(), lees.id());
        assertThat(list("kate", "reporter=lee&q=" + word).get("total").asLong()).isZero();
        JsonNode everything = list("kate", "size=200");
        everything.get("items").forEach(i -> assertThat(i.get("reportedBy").asText()).isEqualTo("kate"));
    }

    @Test
    @DisplayName("R-8.2a free text finds an incident by a word of its description, by a word's start, and by two words")
    void freeText() throws Exception {
        Incident incident = report("Scanner offline", "email", null, Level.LOW, Level.LOW, "kate");

        assertThat(ids(list("sara", "q=" + word))).containsExactly(incident.id());
        assertThat(ids(list("sara", "q=" + word.substring(0, 9)))).contains(incident.id());
        assertThat(ids(list("sara", "q=" + word + "+SCANNER"))).containsExactly(incident.id());
        assertThat(list("sara", "q=" + word + "+printer").get("total").asLong()).isZero();
    }

    @Test
    @DisplayName("pages keep their order and the total counts every page")
    void paging() throws Exception {
        List<String> reported = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ClockUtil.setCurrentTime(Date.from(NOW.plusSeconds(60L * i)));
            reported.add(report("Disk full " + i, "email", null, Level.LOW, Level.LOW, "kate").id());
        }
        JsonNode first = list("sara", "q=" + word + "&sort=created&size=2");
        JsonNode second = list("sara", "q=" + word + "&sort=created&size=2&page=1");
        assertThat(first.get("total").asLong()).isEqualTo(3);
        assertThat(ids(first)).containsExactly(reported.get(0), reported.get(1));
        assertThat(ids(second)).containsExactly(reported.get(2));
        assertThat(ids(list("sara", "q=" + word + "&sort=-created&size=1"))).containsExactly(reported.get(2));
        assertThat(list("sara", "q=" + word + "&createdTo=2026-11-17").get("total").asLong()).isZero();
        assertThat(list("sara", "q=" + word + "&createdFrom=2026-11-18&createdTo=2026-11-18").get("total").asLong())
                .isEqualTo(3);
        assertThat(list("sara", "q=" + word + "&createdFrom=" + NOW.plusSeconds(60)).get("total").asLong())
                .isEqualTo(2);
    }

    @Test
    @DisplayName("R-8.2c R-6.1d the list shows an incident at risk past its warning time and breached past its due time")
    void slaState() throws Exception {
        Incident incident = report("VPN flaky", "email", null, Level.HIGH, Level.HIGH, "kate");
        // the next open clock (a P1 is answered at once, so its response clock may have stopped already)
        SlaClockView response = clocks.status(incident.id()).stream().filter(c -> c.state() != ClockState.STOPPED)
                .min(java.util.Comparator.comparing(SlaClockView::dueAt)).orElseThrow();

        ClockUtil.setCurrentTime(Date.from(response.warningAt().plusSeconds(1)));
        JsonNode atRisk = list("sara", "q=" + word).get("items").get(0);
        assertThat(atRisk.at("/sla/state").asText()).isEqualTo("AT_RISK");
        assertThat(atRisk.at("/sla/kind").asText()).isEqualTo(response.kind().name());
        assertThat(Instant.parse(atRisk.at("/sla/dueAt").asText())).isEqualTo(response.dueAt());

        ClockUtil.setCurrentTime(Date.from(response.dueAt().plus(Duration.ofMinutes(1))));
        assertThat(list("sara", "q=" + word).get("items").get(0).at("/sla/state").asText()).isEqualTo("BREACHED");
    }

    @Test
    @DisplayName("R-8.2a the open task and its assignee: filter by assignee, link the task")
    void assigneeAndTask() throws Exception {
        Incident incident = report("Badge reader broken", "erp", "APP-ERP", Level.HIGH, Level.MEDIUM, "kate");
        EngineJobs.runDue(engine, incident.processInstanceId());
        Task triage = engine.getTaskService().createTaskQuery().processInstanceId(incident.processInstanceId())
                .singleResult();
        assertThat(list("sara", "assignee=sara&q=" + word).get("total").asLong()).isZero();
        engine.getTaskService().claim(triage.getId(), "sara");

        JsonNode page = list("sara", "assignee=sara&q=" + word);
        assertThat(ids(page)).containsExactly(incident.id());
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("assignee").asText()).isEqualTo("sara");
        assertThat(item.at("/task/id").asText()).isEqualTo(triage.getId());
        assertThat(item.at("/task/name").asText()).isEqualTo(triage.getName());
    }

    @Test
    @DisplayName("bad filter values are a 400 problem naming the parameter, never a 500")
    void badParameters() throws Exception {
        String[][] cases = {{"status=OPENED", "status"}, {"priority=P1,P9", "priority"}, {"createdFrom=yesterday",
            "createdFrom"}, {"updatedTo=2026-13-01", "updatedTo"}, {"sort=colour", "sort"}, {"size=0", "size"},
            {"size=201", "size"}, {"page=-1", "page"}, {"page=x", "page"}, {"colour=red", "colour"},
            {"q=---", "q"}, {"sort=id&sort=title", "sort"}};
        for (String[] c : cases) {
            ResponseEntity<String> response = http.withBasicAuth("sara", "sara")
                    .getForEntity("/api/incidents?" + c[0], String.class);
            assertThat(response.getStatusCode().value()).as(c[0] + ": " + response.getBody()).isEqualTo(400);
            assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(json.readTree(response.getBody()).get("errors").findValuesAsText("field")).as(c[0])
                    .containsExactly(c[1]);
        }
    }
}
