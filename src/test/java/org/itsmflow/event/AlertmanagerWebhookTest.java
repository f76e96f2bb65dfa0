package org.itsmflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.TaskService;
import org.itsmflow.support.PostgresTest;
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
 * {@code POST /api/events/alertmanager} over HTTP on PostgreSQL with payloads as Prometheus Alertmanager sends them
 * (webhook payload version 4): fired, delivered again, grouped, correlated through the CMDB, resolved, and the same
 * new alert delivered by several clients at the same moment.
 */
@PostgresTest
@DisplayName("R-8.2a incidents from Alertmanager alerts")
class AlertmanagerWebhookTest {

    static final String URL = "/api/events/alertmanager";

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    TaskService tasks;

    /** One alert as Alertmanager renders it; {@code endsAt} is its "no time" while the alert fires. */
    static String alert(String status, String fingerprint, String alertname, String severity, String ci,
            String instance) {
        return """
                {"status": "%s",
                 "labels": {"alertname": "%s", "severity": "%s", "ci": "%s", "instance": "%s", "job": "node",
                            "service": ""},
                 "annotations": {"summary": "%s on %s", "description": "%s has fired for more than 5 minutes.",
                                 "runbook_url": "https://runbooks.example/%s"},
                 "startsAt": "2026-12-06T08:59:30.123456789Z",
                 "endsAt": "%s",
                 "generatorURL": "http://prometheus:9090/graph?g0.expr=up+%%3D%%3D+0&g0.tab=1",
                 "fingerprint": "%s"}""".formatted(status, alertname, severity, ci, instance, alertname, ci, alertname,
                alertname, "resolved".equals(status) ? "2026-12-06T09:20:00Z" : "0001-01-01T00:00:00Z", fingerprint);
    }

    /** The webhook payload around alerts: group key, common labels and the receiver, as Alertmanager sends them. */
    static String payload(String status, String alertname, String... alerts) {
        return """
                {"version": "4",
                 "groupKey": "{}/{severity=~\\"critical|warning\\"}:{alertname=\\"%s\\"}",
                 "truncatedAlerts": 0,
                 "status": "%s",
                 "receiver": "itsm-flow",
                 "groupLabels": {"alertname": "%s"},
                 "commonLabels": {"alertname": "%s", "job": "node"},
                 "commonAnnotations": {},
                 "externalURL": "http://alertmanager:9093",
                 "alerts": [%s]}""".formatted(alertname, status, alertname, alertname, String.join(",", alerts));
    }

    ResponseEntity<String> post(String user, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        TestRestTemplate client = user == null ? http : http.withBasicAuth(user, user);
        return client.postForEntity(URL, new HttpEntity<>(body, headers), String.class);
    }

    JsonNode ok(ResponseEntity<String> response) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    static String unique(String name) {
        return name + Long.toString(System.nanoTime(), 36);
    }

    static String fingerprint() {
        return String.format("%016x", System.nanoTime() ^ Double.doubleToLongBits(Math.random()));
    }

    int incidentsTitled(String title) {
        return jdbc.queryForObject("select count(*) from incident where title = ?", Integer.class, title);
    }

    List<String> journalCodes(String incidentId) {
        return jdbc.queryForList("select code from incident_journal where incident_id = ? order by id", String.class,
                incidentId);
    }

    @Test
    @DisplayName("R-8.2a a firing alert opens one incident; delivered again it is counted, not a second incident; "
            + "resolved, it resolves the incident through the process")
    void firedRepeatedResolved() throws Exception {
        String name = unique("HrPortalSlow");
        String fp = fingerprint();
        String fired = payload("firing", name, alert("firing", fp, name, "warning", "APP-HR-PORTAL", "hr-app-01:9100"));

        JsonNode first = ok(post("prometheus", fired));
        assertThat(first.at("/alerts/0/outcome").asText()).isEqualTo("OPENED");
        String incidentId = first.at("/alerts/0/incidentId").asText();
        assertThat(incidentId).matches("INC-\\d{6}");
        var incident = jdbc.queryForMap("select * from incident where id = ?", incidentId);
        assertThat(incident.get("title")).isEqualTo(name + " on APP-HR-PORTAL");
        assertThat(incident.get("service_id")).as("the CI's service in the CMDB").isEqualTo("hr-portal");
        assertThat(incident.get("ci_id")).isEqualTo("APP-HR-PORTAL");
        assertThat(incident.get("impact")).isEqualTo("MEDIUM");
        assertThat(incident.get("urgency")).isEqualTo("MEDIUM");
        assertThat(incident.get("priority")).as("prioritised by the process").isEqualTo("P3");
        assertThat(incident.get("reported_by")).isEqualTo("prometheus");
        assertThat((String) incident.get("description")).contains(fp).contains("https://runbooks.example/" + name);

        // Alertmanager re-sends the group every repeat_interval, and again when a delivery timed out
        JsonNode again = ok(post("prometheus", fired));
        assertThat(again.at("/alerts/0/outcome").asText()).isEqualTo("REPEATED");
        assertThat(again.at("/alerts/0/incidentId").asText()).isEqualTo(incidentId);
        assertThat(incidentsTitled(name + " on APP-HR-PORTAL")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select delivery_count from monitoring_alert where fingerprint = ?",
                Integer.class, fp)).isEqualTo(2);

        String resolved = payload("resolved", name, alert("resolved", fp, name, "warning", "APP-HR-PORTAL",
                "hr-app-01:9100"));
        JsonNode cleared = ok(post("prometheus", resolved));
        assertThat(cleared.at("/alerts/0/outcome").asText()).isEqualTo("RESOLVED");
        assertThat(cleared.at("/alerts/0/incidentResolved").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("select status from incident where id = ?", String.class, incidentId))
                .isEqualTo("RESOLVED");
        assertThat(journalCodes(incidentId)).contains("ALERT_RESOLVED", "IN_PROGRESS", "RESOLVED");
        String processInstance = (String) incident.get("process_instance_id");
        assertThat(tasks.createTaskQuery().processInstanceId(processInstance).singleResult().getTaskDefinitionKey())
                .as("the process waits for the reporter's confirmation as after any resolution")
                .isEqualTo("UserTask_ConfirmResolution");

        // the resolved notification delivered again changes nothing
        int journal = journalCodes(incidentId).size();
        assertThat(ok(post("prometheus", resolved)).at("/alerts/0/outcome").asText()).isEqualTo("REPEATED");
        assertThat(journalCodes(incidentId)).hasSize(journal);

        // the same alert firing again later is a new problem: a new incident
        JsonNode refired = ok(post("prometheus", fired));
        assertThat(refired.at("/alerts/0/outcome").asText()).isEqualTo("OPENED");
        assertThat(refired.at("/alerts/0/incidentId").asText()).isNotEqualTo(incidentId);
    }

    @Test
    @DisplayName("R-8.2a R-9.1c a grouped delivery: the same alert on two instances of one CI is one incident, an "
            + "alert on a CI that depends on the failing CI is correlated to its incident")
    void groupedAndCorrelated() throws Exception {
        String down = unique("PostgresqlDown");
        String fpDb = fingerprint();
        JsonNode db = ok(post("prometheus", payload("firing", down,
                alert("firing", fpDb, down, "critical", "DB-ERP-PROD", "erp-db-01:9187"),
                alert("firing", fingerprint(), down, "critical", "DB-ERP-PROD", "erp-db-01:9100"))));
        assertThat(db.at("/alerts/0/outcome").asText()).isEqualTo("OPENED");
        assertThat(db.at("/alerts/1/outcome").asText()).isEqualTo("ATTACHED");
        String incidentId = db.at("/alerts/0/incidentId").asText();
        assertThat(db.at("/alerts/1/incidentId").asText()).isEqualTo(incidentId);
        assertThat(db.at("/outcomes/OPENED").asInt()).isEqualTo(1);
        assertThat(db.at("/outcomes/ATTACHED").asInt()).isEqualTo(1);

        // APP-ERP depends on DB-ERP-PROD (CMDB): its errors are symptoms of the failing database
        String errors = unique("ErpHighErrorRate");
        JsonNode app = ok(post("prometheus", payload("firing", errors,
                alert("firing", fingerprint(), errors, "warning", "APP-ERP", "erp-01:8080"))));
        assertThat(app.at("/alerts/0/outcome").asText()).isEqualTo("CORRELATED");
        assertThat(app.at("/alerts/0/incidentId").asText()).isEqualTo(incidentId);
        assertThat(journalCodes(incidentId)).contains("ALERT_ATTACHED", "ALERT_CORRELATED");
        assertThat(jdbc.queryForList("select correlation from monitoring_alert where incident_id = ? order by id",
                String.class, incidentId)).containsExactly("DIRECT", "DUPLICATE", "DEPENDENT");
    }

    @Test
    @DisplayName("R-8.2b a critical alert that clears is noted, but a person confirms the resolution (DMN)")
    void criticalClearedIsLeftToPeople() throws Exception {
        String name = unique("VpnDown");
        String fp = fingerprint();
        JsonNode fired = ok(post("prometheus", payload("firing", name,
                alert("firing", fp, name, "critical", "APP-VPN", "vpn-gw-01:9100"))));
        String incidentId = fired.at("/alerts/0/incidentId").asText();
        assertThat(jdbc.queryForObject("select priority from incident where id = ?", String.class, incidentId))
                .isEqualTo("P1");

        JsonNode cleared = ok(post("prometheus", payload("resolved", name,
                alert("resolved", fp, name, "critical", "APP-VPN", "vpn-gw-01:9100"))));
        assertThat(cleared.at("/alerts/0/outcome").asText()).isEqualTo("RESOLVED");
        assertThat(cleared.at("/alerts/0/incidentResolved").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select status from incident where id = ?", String.class, incidentId))
                .isNotIn("RESOLVED", "CLOSED");
        assertThat(journalCodes(incidentId)).contains("ALERT_RESOLVED", "ALERTS_CLEARED");
    }

    @Test
    @DisplayName("R-8.2a Alertmanager's heartbeat (Watchdog) and informational alerts open nothing")
    void heartbeatIsIgnored() throws Exception {
        String fp = fingerprint();
        JsonNode body = ok(post("prometheus", payload("firing", "Watchdog",
                alert("firing", fp, "Watchdog", "none", "", ""),
                alert("firing", fingerprint(), "NodeClockSkew", "info", "SRV-ESX-01", "esx-01:9100"))));
        assertThat(body.get("alerts").findValuesAsText("outcome")).containsExactly("IGNORED", "IGNORED");
        assertThat(jdbc.queryForObject("select count(*) from monitoring_alert where fingerprint = ?", Integer.class,
                fp)).isZero();
    }

    @Test
    @DisplayName("R-8.2a two (eight) deliveries of the same new alert at the same moment give one incident")
    void concurrentDeliveriesGiveOneIncident() throws Exception {
        String name = unique("ShopDbDiskFull");
        String fp = fingerprint();
        String body = payload("firing", name, alert("firing", fp, name, "warning", "DB-SHOP-PROD", "shop-db-01:9100"));
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Callable<ResponseEntity<String>> call = () -> {
                    start.await();
                    return post("prometheus", body);
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            Set<String> incidents = new HashSet<>();
            List<String> outcomes = new ArrayList<>();
            for (Future<ResponseEntity<String>> answer : answers) {
                JsonNode result = ok(answer.get(120, TimeUnit.SECONDS));
                incidents.add(result.at("/alerts/0/incidentId").asText());
                outcomes.add(result.at("/alerts/0/outcome").asText());
            }
            assertThat(incidents).hasSize(1);
            assertThat(outcomes).containsOnlyOnce("OPENED").containsOnly("OPENED", "REPEATED");
            assertThat(incidentsTitled(name + " on DB-SHOP-PROD")).isEqualTo(1);
            assertThat(jdbc.queryForObject("select delivery_count from monitoring_alert where fingerprint = ?",
                    Integer.class, fp)).isEqualTo(clients);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("bad payloads are refused with a problem naming the field, and nothing is written")
    void badInput() throws Exception {
        String fp = fingerprint();
        String good = payload("firing", "X", alert("firing", fp, "X", "warning", "APP-ERP", "erp-01:8080"));
        assertField(post("prometheus", good.replace("\"version\": \"4\"", "\"version\": \"3\"")), "version");
        assertField(post("prometheus", good.replace("\"fingerprint\": \"" + fp + "\"", "\"fingerprint\": \"\"")),
                "alerts[0].fingerprint");
        assertField(post("prometheus", good.replace("\"alertname\": \"X\", ", "")), "alerts[0].labels.alertname");
        assertField(post("prometheus", good.replace("\"status\": \"firing\",\n \"labels\"",
                "\"status\": \"burning\",\n \"labels\"")), "alerts[0].status");
        assertField(post("prometheus", good.replace("2026-12-06T08:59:30.123456789Z", "yesterday")), "startsAt");
        assertField(post("prometheus", "{\"version\": \"4\", \"alerts\": []}"), "alerts");
        assertThat(jdbc.queryForObject("select count(*) from monitoring_alert where fingerprint = ?", Integer.class,
                fp)).isZero();
    }

    void assertField(ResponseEntity<String> response, String field) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(response.getBody()).contains(field);
    }

    @Test
    @DisplayName("only monitoring systems (and administrators) post alerts; a monitoring user may do nothing else")
    void authorisation() {
        String body = payload("firing", "Watchdog", alert("firing", fingerprint(), "Watchdog", "none", "", ""));
        assertThat(post(null, body).getStatusCode().value()).isEqualTo(401);
        assertThat(post("sara", body).getStatusCode().value()).isEqualTo(403);
        assertThat(post("kate", body).getStatusCode().value()).isEqualTo(403);
        assertThat(post("demo", body).getStatusCode().value()).isEqualTo(200);
        ResponseEntity<String> incidents = http.withBasicAuth("prometheus", "prometheus")
                .exchange("/api/incidents", HttpMethod.POST, new HttpEntity<>("{}", jsonHeaders()), String.class);
        assertThat(incidents.getStatusCode().value()).isEqualTo(403);
        assertThat(http.withBasicAuth("prometheus", "prometheus").getForEntity("/api/services", String.class)
                .getStatusCode().value()).isEqualTo(403);
        assertThat(http.withBasicAuth("prometheus", "prometheus").getForEntity("/actuator/prometheus", String.class)
                .getStatusCode().value()).isEqualTo(200);
    }

    static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
