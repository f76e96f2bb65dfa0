package org.itsmflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.itsmflow.audit.AuditService;
import org.itsmflow.audit.Severity;
import org.itsmflow.change.ChangeService;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.servicelevel.OutageService;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a customer (kate of Acme, lee of Globex) can read of records that are not theirs, door by door, and which
 * audits the groups that answer findings may read. Someone else's record answers exactly like a record that does not
 * exist (404, the same problem but for the id), as {@code GET /api/incidents/{id}} always did; an endpoint a role
 * may not call at all is a 403 (the CMDB for customers).
 */
@PostgresTest
class CustomerAccessTest {

    static final Instant NOW = Instant.parse("2026-11-04T02:00:00Z");
    /** A change window of this class only: July 2027. */
    static final Instant WINDOW = Instant.parse("2027-07-06T00:00:00Z");
    /** A period of this class only, long past, for outage records. */
    static final Instant OUTAGE = Instant.parse("2019-03-05T10:00:00Z");

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProcessEngine engine;
    @Autowired
    IncidentService incidents;
    @Autowired
    ChangeService changes;
    @Autowired
    OutageService outages;
    @Autowired
    AuditService audits;

    @BeforeEach
    void pastClock() {
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    ResponseEntity<String> send(HttpMethod method, String user, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    ResponseEntity<String> get(String user, String path) {
        return send(HttpMethod.GET, user, path, null);
    }

    JsonNode read(ResponseEntity<String> response) throws Exception {
        return json.readTree(response.getBody());
    }

    String report(String user, String title) throws Exception {
        ResponseEntity<String> response = send(HttpMethod.POST, user, "/api/incidents", """
                {"title": "%s", "serviceId": "email", "category": "software", "impact": "LOW", "urgency": "LOW"}"""
                .formatted(title));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return read(response).get("id").asText();
    }

    /** A 404 for someone else's record must say no more than the 404 for an id nobody has. */
    void sameAsMissing(ResponseEntity<String> others, String othersId, ResponseEntity<String> missing, String missingId) {
        assertThat(others.getStatusCode().value()).as(others.getBody()).isEqualTo(404);
        assertThat(missing.getStatusCode().value()).as(missing.getBody()).isEqualTo(404);
        assertThat(others.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(others.getBody().replace(othersId, "ID")).isEqualTo(missing.getBody().replace(missingId, "ID"));
    }

    @Test
    @DisplayName("R-6.1d a customer reads the SLA clocks of their own incidents only; another's answer like a missing record")
    void slaClocksOfOwnRecordsOnly_R6_1d() throws Exception {
        String kates = report("kate", "Kate's mail is slow");
        String lees = report("lee", "Lee's mail is slow");

        assertThat(get("kate", "/api/sla-clocks/" + kates).getStatusCode().value()).isEqualTo(200);
        assertThat(read(get("kate", "/api/sla-clocks/" + kates)).get("clocks")).isNotEmpty();
        assertThat(get("lee", "/api/sla-clocks/" + lees).getStatusCode().value()).isEqualTo(200);
        sameAsMissing(get("kate", "/api/sla-clocks/" + lees), lees, get("kate", "/api/sla-clocks/INC-999999"),
                "INC-999999");
        // staff read any record's clocks
        assertThat(get("sara", "/api/sla-clocks/" + lees).getStatusCode().value()).isEqualTo(200);
        assertThat(get("sara", "/api/sla-clocks/" + kates).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    @DisplayName("R-7.2a a customer sees only the customers they are a contact of, in the list and in a service")
    void customerListNarrowed_R7_2a() throws Exception {
        assertThat(read(get("kate", "/api/customers")).findValuesAsText("id")).containsExactly("acme");
        assertThat(read(get("lee", "/api/customers")).findValuesAsText("id")).containsExactly("globex");
        assertThat(read(get("sara", "/api/customers")).findValuesAsText("id")).contains("acme", "globex");

        JsonNode forKate = read(get("kate", "/api/services/email"));
        assertThat(forKate.get("customers").findValuesAsText("id")).containsExactly("acme");
        assertThat(forKate.get("customers").toString()).doesNotContain("lee", "globex");
        assertThat(read(get("sara", "/api/services/email")).get("customers").findValuesAsText("id"))
                .contains("acme", "globex");
    }

    @Test
    @DisplayName("R-6.1a an SLA agreed with another customer is not shown to a customer, alone or in the service")
    void othersSlaHidden_R6_1a() throws Exception {
        String id = "SLA-T-GLOBEX-ACCESS";
        jdbc.update("insert into sla (id, service_id, name, customer_id, valid_from, valid_to, warning_percent, version) "
                + "values (?, 'remote-access', 'Globex remote access (access test)', 'globex', ?, ?, 75, 1)", id,
                java.sql.Date.valueOf("2019-01-01"), java.sql.Date.valueOf("2019-01-31"));
        try {
            sameAsMissing(get("kate", "/api/slas/" + id), id, get("kate", "/api/slas/SLA-NOPE"), "SLA-NOPE");
            assertThat(get("lee", "/api/slas/" + id).getStatusCode().value()).isEqualTo(200);
            assertThat(get("sara", "/api/slas/" + id).getStatusCode().value()).isEqualTo(200);
            // SLAs for every customer of the service stay readable
            assertThat(get("kate", "/api/slas/SLA-REMOTE-ACCESS").getStatusCode().value()).isEqualTo(200);

            assertThat(read(get("kate", "/api/services/remote-access")).get("slas").findValuesAsText("id"))
                    .contains("SLA-REMOTE-ACCESS").doesNotContain(id);
            assertThat(read(get("lee", "/api/services/remote-access")).get("slas").findValuesAsText("id"))
                    .contains("SLA-REMOTE-ACCESS", id);
            assertThat(read(get("sara", "/api/services/remote-access")).get("slas").findValuesAsText("id"))
                    .contains(id);
        } finally {
            jdbc.update("delete from sla where id = ?", id);
        }
    }

    @Test
    @DisplayName("R-6.3a a customer sees when the service was down, but not others' records or CIs behind the outages")
    void outagesWithoutOthersRecords_R6_3a() throws Exception {
        String kates = report("kate", "Kate cannot send mail");
        String lees = report("lee", "Lee cannot send mail");
        outages.start(kates, "SRV-ACCESS-TEST-1", List.of("email"), OUTAGE);
        outages.end(kates, OUTAGE.plus(Duration.ofMinutes(30)));
        outages.start(lees, "SRV-ACCESS-TEST-2", List.of("email"), OUTAGE.plus(Duration.ofHours(2)));
        outages.end(lees, OUTAGE.plus(Duration.ofHours(3)));
        try {
            String path = "/api/services/email/availability?from=2019-03-05&to=2019-03-06";
            JsonNode staff = read(get("sara", path));
            JsonNode customer = read(get("kate", path));
            assertThat(staff.get("outages").findValuesAsText("recordId")).contains(kates, lees);
            assertThat(staff.get("outages").findValuesAsText("ciId")).contains("SRV-ACCESS-TEST-2");
            // the same figures and the same outage times
            assertThat(customer.get("unplannedDowntimeMinutes")).isEqualTo(staff.get("unplannedDowntimeMinutes"));
            assertThat(customer.get("outages")).hasSameSizeAs(staff.get("outages"));
            assertThat(customer.get("outages").findValuesAsText("startedAt"))
                    .isEqualTo(staff.get("outages").findValuesAsText("startedAt"));
            // her own outage in full, lee's without his incident and its CI
            assertThat(customer.toString()).contains(kates, "SRV-ACCESS-TEST-1")
                    .doesNotContain(lees, "SRV-ACCESS-TEST-2");
        } finally {
            jdbc.update("delete from service_outage where record_id in (?, ?)", kates, lees);
        }
    }

    @Test
    @DisplayName("R-9.2g a customer reads the forward schedule of change without the CIs and requesters")
    void changeScheduleNarrowed_R9_2g() throws Exception {
        ResponseEntity<String> raised = send(HttpMethod.POST, "tom", "/api/changes", """
                {"title": "Access test patch", "description": "monthly patch", "reason": "security fixes",
                 "changeType": "STANDARD", "urgency": "LOW", "affectedCiIds": ["DB-ERP-TEST"],
                 "plannedStart": "%s", "plannedEnd": "%s", "implementationPlan": "apt upgrade",
                 "backoutPlan": "restore the snapshot", "costEstimate": 10, "businessBenefit": "fewer holes"}"""
                .formatted(WINDOW, WINDOW.plus(Duration.ofHours(2))));
        assertThat(raised.getStatusCode().value()).as(raised.getBody()).isEqualTo(201);
        String id = read(raised).at("/change/id").asText();
        runDueJobs(changes.require(id).processInstanceId());
        String query = "?from=" + WINDOW.minus(Duration.ofHours(1)) + "&to=" + WINDOW.plus(Duration.ofHours(3));

        JsonNode staff = entry(read(get("sara", "/api/changes/schedule" + query)), id);
        assertThat(staff.get("affectedCiIds").get(0).asText()).isEqualTo("DB-ERP-TEST");
        assertThat(staff.get("requester").asText()).isEqualTo("tom");
        JsonNode customer = entry(read(get("kate", "/api/changes/schedule" + query)), id);
        assertThat(customer.get("title").asText()).isEqualTo("Access test patch");
        assertThat(customer.get("plannedStart").asText()).isEqualTo(WINDOW.toString());
        assertThat(customer.get("affectedCiIds")).isEmpty();
        assertThat(customer.path("requester").isMissingNode() || customer.get("requester").isNull()).isTrue();

        String feed = get("kate", "/api/changes/schedule.ics" + query).getBody();
        assertThat(feed).contains(id).doesNotContain("DB-ERP-TEST", "requested by tom");
        assertThat(get("sara", "/api/changes/schedule.ics" + query).getBody()).contains("DB-ERP-TEST");
    }

    static JsonNode entry(JsonNode list, String id) {
        for (JsonNode change : list) {
            if (id.equals(change.get("id").asText())) {
                return change;
            }
        }
        throw new AssertionError(id + " is not in the schedule " + list);
    }

    void runDueJobs(String processInstanceId) {
        for (int round = 0; round < 20; round++) {
            List<Job> due = engine.getManagementService().createJobQuery().processInstanceId(processInstanceId)
                    .executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(job -> engine.getManagementService().executeJob(job.getId()));
        }
    }

    @Test
    @DisplayName("R-9.1 the CMDB is internal: customers get 403 for every CMDB read, for existing and unknown CIs alike")
    void cmdbClosedToCustomers_R9_1() throws Exception {
        for (String path : List.of("/api/ci-types", "/api/cis", "/api/cis?q=ERP", "/api/cis/DB-ERP-TEST",
                "/api/cis/NO-SUCH-CI", "/api/cis/DB-ERP-TEST/history", "/api/cis/DB-ERP-TEST/impact",
                "/api/cis/DB-ERP-TEST/impact?depth=99")) {
            ResponseEntity<String> response = get("kate", path);
            assertThat(response.getStatusCode().value()).as(path + ": " + response.getBody()).isEqualTo(403);
            assertThat(read(response).get("detail").asText()).isEqualTo("Your groups do not allow this action");
            assertThat(get("sara", path.replace("depth=99", "depth=2")).getStatusCode().value()).as(path)
                    .isIn(200, 404);
        }
    }

    @Test
    @DisplayName("through the engine REST API a customer reads nothing of another customer's incident process")
    void engineRestShowsNothingOfOthers() throws Exception {
        String lees = report("lee", "Lee's calendar does not sync");
        String pi = incidents.require(lees).processInstanceId();
        assertThat(pi).isNotNull();
        List<String> paths = List.of(
                "/engine-rest/process-instance?businessKey=" + lees,
                "/engine-rest/process-instance/" + pi,
                "/engine-rest/process-instance/" + pi + "/variables",
                "/engine-rest/variable-instance?processInstanceIdIn=" + pi,
                "/engine-rest/task?processInstanceBusinessKey=" + lees,
                "/engine-rest/execution?processInstanceId=" + pi,
                "/engine-rest/job?processInstanceId=" + pi,
                "/engine-rest/history/process-instance?processInstanceBusinessKey=" + lees,
                "/engine-rest/history/activity-instance?processInstanceId=" + pi,
                "/engine-rest/history/variable-instance?processInstanceId=" + pi,
                "/engine-rest/history/task?processInstanceBusinessKey=" + lees,
                "/engine-rest/history/detail?processInstanceId=" + pi,
                "/engine-rest/history/user-operation?processInstanceId=" + pi);
        List<String> leaks = new ArrayList<>();
        for (String path : paths) {
            ResponseEntity<String> response = get("kate", path);
            int status = response.getStatusCode().value();
            boolean nothing = Set.of(401, 403, 404).contains(status)
                    || status == 200 && ("[]".equals(response.getBody().strip()) || "{}".equals(response.getBody().strip()));
            if (!nothing || response.getBody() != null && response.getBody().contains(lees)
                    && status == 200) {
                leaks.add(path + " -> " + status + ": " + response.getBody());
            }
        }
        assertThat(leaks).isEmpty();
        // the same queries are not empty for someone who may read them, so the probe is real
        assertThat(get("mike", "/engine-rest/process-instance?businessKey=" + lees).getBody()).contains(pi);
    }

    @Test
    @DisplayName("through the engine REST API a customer finds neither other customers' people nor the decisions taken on their incidents")
    void engineRestShowsNoOtherPeopleOrDecisions() throws Exception {
        report("lee", "Lee's VPN drops");
        List<String> leaks = new ArrayList<>();
        for (String path : List.of("/engine-rest/user", "/engine-rest/user?id=lee", "/engine-rest/user/lee/profile",
                "/engine-rest/group?member=lee", "/engine-rest/identity/groups?userId=lee",
                "/engine-rest/group/customers", "/engine-rest/user?memberOfGroup=customers",
                "/engine-rest/history/decision-instance?decisionDefinitionKey=IncidentPriority",
                "/engine-rest/history/decision-instance?decisionDefinitionKey=IncidentClassification",
                "/engine-rest/history/process-instance?processDefinitionKey=IncidentManagement",
                "/engine-rest/history/process-instance/count?processDefinitionKey=IncidentManagement",
                "/engine-rest/process-instance/count?processDefinitionKey=IncidentManagement")) {
            ResponseEntity<String> response = get("kate", path);
            int status = response.getStatusCode().value();
            String body = response.getBody() == null ? "" : response.getBody();
            if (status == 200 && (body.contains("\"lee\"") || body.contains("Globex") || body.contains("\"inputs\"")
                    || body.matches("(?s).*\"count\"\\s*:\\s*[1-9].*")
                    || body.contains("\"processDefinitionKey\":\"IncidentManagement\""))) {
                leaks.add(path + " -> " + status + ": " + body.substring(0, Math.min(body.length(), 300)));
            }
        }
        assertThat(leaks).isEmpty();
        // an administrator does find lee, so the probes are real
        assertThat(get("demo", "/engine-rest/user?id=lee").getBody()).contains("\"lee\"");
    }

    // ---------------------------------------------------------------- audits: the groups that answer findings

    String audit(String area) throws Exception {
        ResponseEntity<String> programme = send(HttpMethod.POST, "ada", "/api/audit-programmes", """
                {"name": "Access test %s audit", "processArea": "%s", "criteria": "access test",
                 "method": "sample", "frequency": "P6M"}""".formatted(area, area));
        assertThat(programme.getStatusCode().value()).as(programme.getBody()).isEqualTo(201);
        ResponseEntity<String> started = send(HttpMethod.POST, "ada", "/api/audits",
                "{\"programmeId\": \"" + read(programme).get("id").asText() + "\"}");
        assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(201);
        return read(started).get("id").asText();
    }

    @Test
    @DisplayName("R-4.3a the group that answers an audit's findings reads that audit and its findings, and no other audit")
    void findingOwnersReadTheirAudits_R4_3a() throws Exception {
        String incidentAudit = audit("incident");
        String problemAudit = audit("problem");
        String changeAudit = audit("change");
        String withoutFindings = audit("incident");
        audits.addFinding(incidentAudit, Severity.MINOR, "Two incidents closed without the reporter's confirmation",
                "R-8.2d", null, "ada");
        audits.addFinding(problemAudit, Severity.MINOR, "One known error without workaround", "R-8.3f", null, "ada");
        audits.addFinding(changeAudit, Severity.MINOR, "One change without review", "R-9.2e", null, "ada");

        // servicedesk answers incident audits, secondline problem audits (audit.ProcessArea)
        ResponseEntity<String> sara = get("sara", "/api/audits/" + incidentAudit);
        assertThat(sara.getStatusCode().value()).as(sara.getBody()).isEqualTo(200);
        assertThat(read(sara).get("findings").findValuesAsText("description"))
                .containsExactly("Two incidents closed without the reporter's confirmation");
        assertThat(get("tom", "/api/audits/" + problemAudit).getStatusCode().value()).isEqualTo(200);

        // other groups' audits, and an audit with no finding yet, answer like an audit that does not exist
        ResponseEntity<String> missing = get("sara", "/api/audits/AUD-999999");
        sameAsMissing(get("sara", "/api/audits/" + changeAudit), changeAudit, missing, "AUD-999999");
        sameAsMissing(get("sara", "/api/audits/" + problemAudit), problemAudit, missing, "AUD-999999");
        sameAsMissing(get("sara", "/api/audits/" + withoutFindings), withoutFindings, missing, "AUD-999999");
        sameAsMissing(get("tom", "/api/audits/" + incidentAudit), incidentAudit, get("tom", "/api/audits/AUD-999999"),
                "AUD-999999");

        // nobody else beyond today's readers: the list stays closed to them, customers and other teams get 403
        assertThat(get("sara", "/api/audits").getStatusCode().value()).isEqualTo(403);
        assertThat(get("tom", "/api/audit-programmes").getStatusCode().value()).isEqualTo(403);
        assertThat(get("kate", "/api/audits/" + incidentAudit).getStatusCode().value()).isEqualTo(403);
        assertThat(get("nina", "/api/audits/" + incidentAudit).getStatusCode().value()).isEqualTo(403);
        assertThat(get("alice", "/api/audits/" + incidentAudit).getStatusCode().value()).isEqualTo(403);
        // today's readers still read every audit
        for (String reader : List.of("ada", "olivia", "chris", "mike", "carla", "rita", "demo")) {
            assertThat(get(reader, "/api/audits/" + withoutFindings).getStatusCode().value()).as(reader).isEqualTo(200);
        }
    }
}
