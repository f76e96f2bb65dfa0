package org.itsmflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.incident.IncidentService;
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

/** The audit API over HTTP (R-4.3a, R-4.3b): who may write, bad input, and the independence rule as a 400. */
@PostgresTest
class AuditApiTest {

    static final Instant T0 = Instant.parse("2026-09-09T02:00:00Z");
    static final String PROGRAMME = """
            {"name": "Problem management audit", "processArea": "problem",
             "criteria": "R-8.3a to R-8.3c: problems recorded, analysed, known errors kept",
             "method": "Sample 5 problems", "frequency": "P6M"}""";

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

    @BeforeEach
    void pastClock() {
        ClockUtil.setCurrentTime(Date.from(T0));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    ResponseEntity<String> send(HttpMethod method, String user, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    JsonNode read(ResponseEntity<String> response) throws Exception {
        return json.readTree(response.getBody());
    }

    long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    @Test
    @DisplayName("R-4.3a an auditor adds a programme line and reads the programme; non-auditors may not write")
    void programmeLines_R4_3a() throws Exception {
        ResponseEntity<String> created = send(HttpMethod.POST, "ada", "/api/audit-programmes", PROGRAMME);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = read(created);
        String id = body.get("id").asText();
        assertThat(id).matches("APG-\\d{6}");
        assertThat(created.getHeaders().getLocation()).hasToString("/api/audit-programmes/" + id);
        assertThat(body.get("processArea").asText()).isEqualTo("problem");
        assertThat(body.get("frequency").asText()).isEqualTo("P6M");
        assertThat(body.get("createdBy").asText()).isEqualTo("ada");
        assertThat(Instant.parse(body.get("nextDue").asText())).isEqualTo(
                AuditService.plus(T0, java.time.Period.ofMonths(6)));

        ResponseEntity<String> list = send(HttpMethod.GET, "olivia", "/api/audit-programmes", null);
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(read(list).findValuesAsText("id")).contains(id, "APG-000001", "APG-000003");
        assertThat(send(HttpMethod.GET, "ada", "/api/audit-programmes/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        long before = count("audit_programme");
        ResponseEntity<String> service = send(HttpMethod.POST, "olivia", "/api/audit-programmes", PROGRAMME);
        assertThat(service.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(service.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(send(HttpMethod.GET, "tom", "/api/audits", null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send(HttpMethod.GET, "kate", "/api/audit-programmes", null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(count("audit_programme")).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown area      | processArea | "processArea": "problem"   | "processArea": "payroll"
            days, not months  | frequency   | "frequency": "P6M"         | "frequency": "P10D"
            not a period      | frequency   | "frequency": "P6M"         | "frequency": "twice a year"
            no criteria       | criteria    | "criteria": "R-8.3a to R-8.3c: problems recorded, analysed, known errors kept" | "criteria": " "
            first due passed  | firstDue    | "frequency": "P6M"         | "frequency": "P6M", "firstDue": "2020-01-01T00:00:00Z"
            unknown field     | colour      | "frequency": "P6M"         | "frequency": "P6M", "colour": "red"
            """)
    @DisplayName("R-4.3a bad programme input is a 400 problem naming the field, and nothing is written")
    void badProgramme_R4_3a(String name, String field, String good, String bad) throws Exception {
        String body = PROGRAMME.replace(good, bad);
        assertThat(body).as("test data").contains(bad);
        long before = count("audit_programme");
        ResponseEntity<String> response = send(HttpMethod.POST, "ada", "/api/audit-programmes", body);
        assertThat(response.getStatusCode()).as(name + ": " + response.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(read(response).get("errors").findValuesAsText("field")).as(name).contains(field);
        assertThat(count("audit_programme")).isEqualTo(before);
    }

    @Test
    @DisplayName("R-4.3b starting an audit with a lead auditor who worked in the audited area in the period is a 400; an independent one starts it")
    void startAuditIndependentLead_R4_3b() throws Exception {
        String dependent = AuditTestSupport.newAuditor(engine, "apidep");
        String independent = AuditTestSupport.newAuditor(engine, "apiind");
        AuditTestSupport.incidentWorkedOnBy(engine, incidents, dependent);
        ClockUtil.setCurrentTime(Date.from(T0.plus(1, ChronoUnit.HOURS)));
        ResponseEntity<String> programme = send(HttpMethod.POST, independent, "/api/audit-programmes",
                PROGRAMME.replace("\"problem\"", "\"incident\"").replace("P6M", "P1M"));
        assertThat(programme.getStatusCode()).as("a throwaway auditor writes too").isEqualTo(HttpStatus.CREATED);
        String programmeId = read(programme).get("id").asText();

        long audits = count("audit");
        long instances = engine.getRuntimeService().createProcessInstanceQuery().count();
        ResponseEntity<String> refused = send(HttpMethod.POST, "ada", "/api/audits",
                "{\"programmeId\": \"" + programmeId + "\", \"leadAuditor\": \"" + dependent + "\"}");
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode problem = read(refused);
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("leadAuditor");
        assertThat(problem.get("errors").findValuesAsText("message").get(0)).contains("own work")
                .contains("Triage incident");
        ResponseEntity<String> notAuditor = send(HttpMethod.POST, "ada", "/api/audits",
                "{\"programmeId\": \"" + programmeId + "\", \"leadAuditor\": \"tom\"}");
        assertThat(notAuditor.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(count("audit")).isEqualTo(audits);
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isEqualTo(instances);

        ResponseEntity<String> started = send(HttpMethod.POST, "ada", "/api/audits",
                "{\"programmeId\": \"" + programmeId + "\", \"leadAuditor\": \"" + independent + "\"}");
        assertThat(started.getStatusCode()).as(started.getBody()).isEqualTo(HttpStatus.CREATED);
        String auditId = read(started).get("id").asText();
        assertThat(auditId).matches("AUD-\\d{6}");
        JsonNode audit = read(send(HttpMethod.GET, "olivia", "/api/audits/" + auditId, null));
        assertThat(audit.get("leadAuditor").asText()).isEqualTo(independent);
        assertThat(audit.get("processArea").asText()).isEqualTo("incident");
        assertThat(audit.get("status").asText()).isEqualTo("PLANNED");
        assertThat(audit.get("processInstanceId").asText()).isNotBlank();
        assertThat(read(send(HttpMethod.GET, "ada", "/api/audits?programmeId=" + programmeId, null))
                .findValuesAsText("id")).containsExactly(auditId);
    }

    @Test
    @DisplayName("R-4.3b through the engine REST API a dependent auditor cannot see or claim the audit task, nor can an administrator hand it to them (403); an independent one claims it")
    void engineRestRefusesDependentAuditor_R4_3b() throws Exception {
        String dependent = AuditTestSupport.newAuditor(engine, "restdep");
        String independent = AuditTestSupport.newAuditor(engine, "restind");
        AuditTestSupport.incidentWorkedOnBy(engine, incidents, dependent);
        ClockUtil.setCurrentTime(Date.from(T0.plus(2, ChronoUnit.HOURS)));
        String programmeId = read(send(HttpMethod.POST, "ada", "/api/audit-programmes",
                PROGRAMME.replace("\"problem\"", "\"incident\"").replace("P6M", "P1M"))).get("id").asText();
        String auditId = read(send(HttpMethod.POST, "ada", "/api/audits", "{\"programmeId\": \"" + programmeId
                + "\"}")).get("id").asText();
        String pi = read(send(HttpMethod.GET, "ada", "/api/audits/" + auditId, null)).get("processInstanceId").asText();
        org.camunda.bpm.engine.task.Task plan = engine.getTaskService().createTaskQuery().processInstanceId(pi)
                .singleResult();
        engine.getTaskService().complete(plan.getId(), java.util.Map.of("auditPlan", "plan", "leadAuditor", ""));
        String perform = engine.getTaskService().createTaskQuery().processInstanceId(pi).singleResult().getId();

        ResponseEntity<String> seen = send(HttpMethod.GET, dependent, "/engine-rest/task?processInstanceId=" + pi, null);
        assertThat(seen.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(read(seen)).as("the task is invisible to the dependent auditor").isEmpty();
        ResponseEntity<String> claim = send(HttpMethod.POST, dependent, "/engine-rest/task/" + perform + "/claim",
                "{\"userId\": \"" + dependent + "\"}");
        assertThat(claim.getStatusCode()).as(claim.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(engine.getTaskService().createTaskQuery().taskId(perform).singleResult().getAssignee()).isNull();
        // an administrator (who passes the REVOKE) handing the task to the dependent auditor: the task listener
        // refuses with a SeparationOfDutiesException, a 403 naming the rule (was a 500 before)
        for (String action : java.util.List.of("/assignee", "/claim", "/delegate")) {
            ResponseEntity<String> handOver = send(HttpMethod.POST, "demo", "/engine-rest/task/" + perform + action,
                    "{\"userId\": \"" + dependent + "\"}");
            assertThat(handOver.getStatusCode()).as(action + " " + handOver.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(handOver.getBody()).as(action).contains("own work");
        }
        assertThat(engine.getTaskService().createTaskQuery().taskId(perform).singleResult().getAssignee()).isNull();

        ResponseEntity<String> claimed = send(HttpMethod.POST, independent, "/engine-rest/task/" + perform + "/claim",
                "{\"userId\": \"" + independent + "\"}");
        assertThat(claimed.getStatusCode()).as(claimed.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(read(send(HttpMethod.GET, "ada", "/api/audits/" + auditId, null)).get("leadAuditor").asText())
                .isEqualTo(independent);
    }

    @Test
    @DisplayName("unknown programme or audit is a 404 problem; an unknown status filter is a 400")
    void unknownAndBad() {
        ResponseEntity<String> programme = send(HttpMethod.POST, "ada", "/api/audits", "{\"programmeId\": \"APG-999999\"}");
        assertThat(programme.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(programme.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(send(HttpMethod.GET, "ada", "/api/audits/AUD-999999", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(send(HttpMethod.GET, "ada", "/api/audit-programmes/APG-999999", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(send(HttpMethod.GET, "ada", "/api/audits?status=BOGUS", null).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
