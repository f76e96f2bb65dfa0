package org.itsmflow.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.cmdb.CiHistoryEntry;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The change API over HTTP: requesting a change, bad input, the forward schedule as JSON and iCalendar, the
 * four-eyes rule through the engine REST API, and the change control of CMDB writes (R-9.1g).
 */
@PostgresTest
class ChangeApiTest {

    static final Instant NOW = Instant.parse("2026-11-04T02:00:00Z");
    /** Windows of this class: in March 2027, clear of the process tests' windows and of the freezes. */
    static final Instant FIRST_WINDOW = Instant.parse("2027-03-01T00:00:00Z");
    static final AtomicInteger WINDOWS = new AtomicInteger();
    static final String LEAF_CI = "DB-ERP-TEST";

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ChangeService changes;
    @Autowired
    CmdbService cmdb;

    @BeforeEach
    void pastClock() {
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    static Instant nextWindow() {
        return FIRST_WINDOW.plus(Duration.ofHours(6L * WINDOWS.getAndIncrement()));
    }

    ResponseEntity<String> send(HttpMethod method, String user, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    ResponseEntity<String> post(String user, String body) {
        return send(HttpMethod.POST, user, "/api/changes", body);
    }

    JsonNode read(ResponseEntity<String> response) throws Exception {
        return json.readTree(response.getBody());
    }

    static String rfc(String type, String ci, Instant start) {
        return """
                {"title": "Patch %s", "description": "monthly patch", "reason": "security fixes",
                 "changeType": "%s", "urgency": "LOW", "affectedCiIds": ["%s"],
                 "plannedStart": "%s", "plannedEnd": "%s",
                 "implementationPlan": "apt upgrade", "backoutPlan": "restore the snapshot",
                 "costEstimate": 120.50, "businessBenefit": "fewer holes"}"""
                .formatted(ci, type, ci, start, start.plus(Duration.ofHours(2)));
    }

    String raise(String user, String type, String ci, Instant start) throws Exception {
        ResponseEntity<String> response = post(user, rfc(type, ci, start));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
        return read(response).at("/change/id").asText();
    }

    void runDueJobs(String changeId) {
        String pi = changes.require(changeId).processInstanceId();
        for (int round = 0; round < 20; round++) {
            List<Job> due = engine.getManagementService().createJobQuery().processInstanceId(pi).executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(job -> engine.getManagementService().executeJob(job.getId()));
        }
    }

    @Test
    @DisplayName("R-9.2a R-9.2b R-6.4 a change requested through the API is recorded, assessed, classified and routed")
    void requestsAChange() throws Exception {
        Instant start = nextWindow();
        ResponseEntity<String> response = post("tom", rfc("NORMAL", LEAF_CI, start));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = read(response);
        String id = body.at("/change/id").asText();
        assertThat(id).matches("CHG-\\d{6}");
        assertThat(response.getHeaders().getLocation()).hasToString("/api/changes/" + id);
        assertThat(body.at("/change/riskLevel").asText()).isEqualTo("LOW");
        assertThat(body.at("/change/changeClass").asText()).isEqualTo("MINOR");
        assertThat(body.at("/change/approvalRoute").asText()).isEqualTo("CHANGE_MANAGER");
        assertThat(body.at("/change/status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(body.at("/change/requester").asText()).isEqualTo("tom");
        assertThat(body.at("/change/costEstimate").decimalValue()).isEqualByComparingTo("120.50");
        assertThat(body.at("/change/plannedStart").asText()).isEqualTo(start.toString());
        assertThat(body.get("conflicts")).isEmpty();
        assertThat(body.get("cis").findValuesAsText("ciId")).containsExactly(LEAF_CI);

        ResponseEntity<String> got = http.withBasicAuth("chris", "chris").getForEntity("/api/changes/" + id, String.class);
        assertThat(got.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(read(got).get("journal").findValuesAsText("code")).contains("RECORDED", "IMPACT_ANALYSED");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing title   | title              | "title": "Patch DB-ERP-TEST",              | "title": " ",                      | 400
            bad type        | changeType         | "changeType": "NORMAL"                     | "changeType": "WHENEVER"           | 400
            bad urgency     | urgency            | "urgency": "LOW"                           | "urgency": 3                       | 400
            end before start| plannedEnd         | "plannedEnd": "2027-01-20T02:00:00Z"       | "plannedEnd": "2027-01-19T23:00:00Z"| 400
            bad date        | plannedStart       | "plannedStart": "2027-01-20T00:00:00Z"     | "plannedStart": "next Tuesday"     | 400
            negative cost   | costEstimate       | "costEstimate": 120.50                     | "costEstimate": -1                 | 400
            missing plan    | implementationPlan | "implementationPlan": "apt upgrade"        | "implementationPlan": ""           | 400
            unknown field   | colour             | "businessBenefit": "fewer holes"           | "colour": "red"                    | 400
            unknown CI      | affectedCiIds      | "affectedCiIds": ["DB-ERP-TEST"]           | "affectedCiIds": ["SRV-NOPE"]      | 404
            service update on a normal change | serviceUpdate | "businessBenefit": "fewer holes" | "businessBenefit": "x", "serviceUpdate": {"serviceId": "erp"} | 400
            """)
    @DisplayName("bad input is refused with a problem naming the field, and nothing is written")
    void badInput(String name, String field, String good, String bad, int status) throws Exception {
        String body = rfc("NORMAL", LEAF_CI, Instant.parse("2027-01-20T00:00:00Z")).replace(good, bad);
        assertThat(body).as("test data").contains(bad);
        long before = count("change_request");
        long instancesBefore = engine.getRuntimeService().createProcessInstanceQuery().count();
        ResponseEntity<String> response = post("tom", body);
        assertThat(response.getStatusCode().value()).as(name + ": " + response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode problem = read(response);
        assertThat(problem.get("errors").findValuesAsText("field")).as(name).contains(field);
        assertThat(count("change_request")).isEqualTo(before);
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isEqualTo(instancesBefore);
    }

    @Test
    @DisplayName("ciUpdates naming a CI outside affectedCiIds, or an unknown CI field, is a 400 naming it")
    void badCiUpdates() throws Exception {
        String outside = rfc("NORMAL", LEAF_CI, nextWindow()).replace("\"businessBenefit\"",
                "\"ciUpdates\": {\"APP-ERP\": {\"version\": \"2\"}}, \"businessBenefit\"");
        assertThat(read(post("tom", outside)).get("errors").findValuesAsText("field")).containsExactly("ciUpdates.APP-ERP");
        String field = rfc("NORMAL", LEAF_CI, nextWindow()).replace("\"businessBenefit\"",
                "\"ciUpdates\": {\"DB-ERP-TEST\": {\"colour\": \"red\"}}, \"businessBenefit\"");
        assertThat(read(post("tom", field)).get("errors").findValuesAsText("field"))
                .containsExactly("ciUpdates.DB-ERP-TEST.colour");
    }

    @Test
    @DisplayName("an unknown change is a 404 problem; a customer cannot request changes")
    void unknownAndForbidden() {
        ResponseEntity<String> missing = http.withBasicAuth("tom", "tom").getForEntity("/api/changes/CHG-999999",
                String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getHeaders().getContentType()).hasToString("application/problem+json");
        long before = count("change_request");
        ResponseEntity<String> customer = post("kate", rfc("NORMAL", LEAF_CI, nextWindow()));
        assertThat(customer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(count("change_request")).isEqualTo(before);
    }

    @Test
    @DisplayName("R-9.2g forward schedule: approved changes with their windows as JSON and as an iCalendar feed")
    void schedule() throws Exception {
        Instant start = nextWindow();
        String scheduled = raise("tom", "STANDARD", LEAF_CI, start);
        runDueJobs(scheduled);
        String awaiting = raise("tom", "NORMAL", LEAF_CI, start.plus(Duration.ofMinutes(30)));
        String from = start.minus(Duration.ofHours(1)).toString();
        String to = start.plus(Duration.ofHours(3)).toString();

        ResponseEntity<String> response = http.withBasicAuth("sara", "sara")
                .getForEntity("/api/changes/schedule?from={from}&to={to}", String.class, from, to);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode list = read(response);
        assertThat(list.findValuesAsText("id")).contains(scheduled).doesNotContain(awaiting);
        JsonNode entry = list.get(list.findValuesAsText("id").indexOf(scheduled));
        assertThat(entry.get("plannedStart").asText()).isEqualTo(start.toString());
        assertThat(entry.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(entry.get("affectedCiIds").get(0).asText()).isEqualTo(LEAF_CI);
        // the second change overlaps the first on the same CI: a conflict its approvers see
        assertThat(read(http.withBasicAuth("chris", "chris").getForEntity("/api/changes/" + awaiting, String.class))
                .get("conflicts").findValuesAsText("ref")).containsExactly(scheduled);

        ResponseEntity<String> feed = http.withBasicAuth("sara", "sara")
                .getForEntity("/api/changes/schedule.ics?from={from}&to={to}", String.class, from, to);
        assertThat(feed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(feed.getHeaders().getContentType().toString()).startsWith("text/calendar");
        Calendar calendar = new CalendarBuilder().build(new StringReader(feed.getBody()));
        List<VEvent> events = calendar.getComponents("VEVENT");
        assertThat(events).extracting(e -> e.getProperty(Property.UID).orElseThrow().getValue()).contains(scheduled)
                .doesNotContain(awaiting);
        VEvent event = events.stream().filter(e -> e.getProperty(Property.UID).orElseThrow().getValue().equals(scheduled))
                .findFirst().orElseThrow();
        assertThat(Instant.from(event.getStartDate().orElseThrow().getDate())).isEqualTo(start);
        assertThat(event.getProperty(Property.SUMMARY).orElseThrow().getValue()).startsWith(scheduled);

        ResponseEntity<String> bad = http.withBasicAuth("sara", "sara")
                .getForEntity("/api/changes/schedule?from={from}&to={to}", String.class, to, from);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(read(bad).get("errors").findValuesAsText("field")).contains("to");
        ResponseEntity<String> notADate = http.withBasicAuth("sara", "sara")
                .getForEntity("/api/changes/schedule?from=yesterday", String.class);
        assertThat(notADate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(read(notADate).get("errors").findValuesAsText("field")).contains("from");
    }

    @Test
    @DisplayName("R-9.2d four-eyes through the engine REST API: the requester can neither claim nor complete the approval of their own change")
    void fourEyesThroughEngineRest() throws Exception {
        String id = raise("chris", "NORMAL", LEAF_CI, nextWindow());
        Task task = engine.getTaskService().createTaskQuery()
                .processInstanceId(changes.require(id).processInstanceId()).singleResult();
        assertThat(task.getTaskDefinitionKey()).isEqualTo("UserTask_AssessChange");

        ResponseEntity<String> claim = send(HttpMethod.POST, "chris", "/engine-rest/task/" + task.getId() + "/claim",
                Map.of("userId", "chris"));
        assertThat(claim.getStatusCode()).as(claim.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        Map<String, Object> approve = Map.of("variables", Map.of("decision", Map.of("value", "APPROVE"),
                "decisionReason", Map.of("value", "my own, looks fine")));
        ResponseEntity<String> completion = send(HttpMethod.POST, "chris",
                "/engine-rest/task/" + task.getId() + "/complete", approve);
        assertThat(completion.getStatusCode()).as(completion.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> listed = send(HttpMethod.GET, "chris", "/engine-rest/task?processInstanceId="
                + changes.require(id).processInstanceId(), null);
        assertThat(listed.getBody()).as("the requester does not even see the approval task").isEqualTo("[]");

        Task still = engine.getTaskService().createTaskQuery().taskId(task.getId()).singleResult();
        assertThat(still).isNotNull();
        assertThat(still.getAssignee()).isNull();
        assertThat(changes.require(id).status()).isEqualTo(ChangeStatus.AWAITING_APPROVAL);

        ResponseEntity<String> other = send(HttpMethod.POST, "demo", "/engine-rest/task/" + task.getId() + "/complete",
                approve);
        assertThat(other.getStatusCode()).as(other.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(changes.require(id).status()).isEqualTo(ChangeStatus.SCHEDULED);
        assertThat(changes.require(id).decidedBy()).isEqualTo("demo");
    }

    @Test
    @DisplayName("R-9.1g CMDB writes without an implementing change naming the CI are refused; an administrator override is recorded")
    void controlledCmdbWrites() throws Exception {
        int version = cmdb.require("VM-HR-DB-01", null).version();
        Map<String, Object> update = Map.of("expectedVersion", version, "location", "Rack 7");
        ResponseEntity<String> noChange = send(HttpMethod.PUT, "tom", "/api/cis/VM-HR-DB-01", update);
        assertThat(noChange.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(noChange.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(read(noChange).get("errors").findValuesAsText("field")).containsExactly("changeId");

        String approvedOnly = raise("tom", "NORMAL", "VM-HR-DB-01", nextWindow());
        ResponseEntity<String> notImplementing = send(HttpMethod.PUT, "tom", "/api/cis/VM-HR-DB-01",
                Map.of("expectedVersion", version, "location", "Rack 7", "changeId", approvedOnly));
        assertThat(notImplementing.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> create = send(HttpMethod.POST, "tom", "/api/cis",
                Map.of("id", "SRV-TEST-NEW-01", "name", "New test server", "typeId", "SERVER"));
        assertThat(create.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> relate = send(HttpMethod.POST, "tom", "/api/cis/VM-HR-DB-01/relationships",
                Map.of("type", "RUNS_ON", "targetCiId", "SRV-ESX-02"));
        assertThat(relate.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(cmdb.require("VM-HR-DB-01", null).version()).isEqualTo(version);

        // a standard change in its window authorises writes on its CI, and the history names it
        Instant window = nextWindow();
        String implementing = raise("tom", "STANDARD", "DB-ERP-TEST", window);
        runDueJobs(implementing);
        ClockUtil.setCurrentTime(Date.from(window.plusSeconds(1)));
        runDueJobs(implementing);
        assertThat(changes.require(implementing).status()).isEqualTo(ChangeStatus.IMPLEMENTING);
        int testDbVersion = cmdb.require("DB-ERP-TEST", null).version();
        ResponseEntity<String> allowed = send(HttpMethod.PUT, "tom", "/api/cis/DB-ERP-TEST",
                Map.of("expectedVersion", testDbVersion, "location", "Rack 9", "changeId", implementing));
        assertThat(allowed.getStatusCode()).as(allowed.getBody()).isEqualTo(HttpStatus.OK);
        List<CiHistoryEntry> history = cmdb.history("DB-ERP-TEST");
        assertThat(history.get(history.size() - 1).changeRef()).isEqualTo(implementing);
        ResponseEntity<String> otherCi = send(HttpMethod.PUT, "tom", "/api/cis/VM-HR-DB-01",
                Map.of("expectedVersion", version, "location", "Rack 7", "changeId", implementing));
        assertThat(otherCi.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        // a CMDB administrator may write without a change; the history says so
        ResponseEntity<String> admin = send(HttpMethod.PUT, "carl", "/api/cis/VM-HR-DB-01",
                Map.of("expectedVersion", version, "location", "Rack 7", "reason", "inventory correction"));
        assertThat(admin.getStatusCode()).as(admin.getBody()).isEqualTo(HttpStatus.OK);
        List<CiHistoryEntry> adminHistory = cmdb.history("VM-HR-DB-01");
        CiHistoryEntry last = adminHistory.get(adminHistory.size() - 1);
        assertThat(last.reason()).startsWith("administrator override").contains("inventory correction");
        assertThat(last.changedBy()).isEqualTo("carl");
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
