package org.itsmflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
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
import org.springframework.http.ResponseEntity;

/** The managers' metrics at /actuator/prometheus: names, a value that follows a new incident, and who may scrape. */
@PostgresTest
class MetricsPrometheusTest {

    static final Instant NOW = Instant.parse("2026-05-20T09:00:00Z");

    @Autowired
    TestRestTemplate http;
    @Autowired
    IncidentService incidents;
    @Autowired
    MetricsGauges metrics;
    @Autowired
    ProcessEngine engine;

    @BeforeEach
    void pastClock() {
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    ResponseEntity<String> scrape(String user) {
        return scrape(user, user);
    }

    ResponseEntity<String> scrape(String user, String password) {
        HttpHeaders headers = new HttpHeaders();
        if (user != null) {
            headers.setBasicAuth(user, password);
        }
        return http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    static double value(String body, String metric, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{[^}]*" + Pattern.quote(label)
                + "[^}]*\\} (\\S+)$").matcher(body);
        assertThat(m.find()).as(metric + " " + label + " in\n" + body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    @DisplayName("R-6.1d R-8.2c R-9.2g the managers' metrics are scraped with credentials and follow a new incident")
    void metricsFollowANewIncident() {
        metrics.refresh();
        ResponseEntity<String> before = scrape("olivia");
        assertThat(before.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(before.getBody()).contains("itsm_incidents_open{", "itsm_sla_clocks_at_risk",
                "itsm_sla_breaches_total", "itsm_sla_breaches_last24h", "itsm_changes_in_flight{",
                "status=\"AWAITING_APPROVAL\"", "priority=\"P1\"");

        Incident incident = incidents.report(new NewIncident("Metrics test incident", "counted by the metrics test",
                "erp", null, "other", Level.LOW, Level.LOW, "kate"), "sara");
        String priority = "priority=\"" + incident.priority() + "\"";
        metrics.refresh();
        ResponseEntity<String> after = scrape("demo");
        assertThat(after.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(value(after.getBody(), "itsm_incidents_open", priority))
                .isEqualTo(value(before.getBody(), "itsm_incidents_open", priority) + 1);
    }

    @Test
    @DisplayName("R-6.1d only administrators and managers scrape metrics: anonymous 401, staff 403; health stays public")
    void whoMayScrape() {
        assertThat(scrape(null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(scrape("sara").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(scrape("ada").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    @DisplayName("R-6.1d a technical user in group monitoring scrapes the metrics and nothing else")
    void technicalMonitoringUser() {
        IdentityService identity = engine.getIdentityService();
        String id = "metricsbot" + Long.toString(System.nanoTime(), 36);
        User user = identity.newUser(id);
        user.setPassword("scrape-" + id);
        identity.saveUser(user);
        if (identity.createGroupQuery().groupId("monitoring").count() == 0) {
            Group group = identity.newGroup("monitoring");
            group.setName("Monitoring (technical users)");
            group.setType("SYSTEM");
            identity.saveGroup(group);
        }
        identity.createMembership(id, "monitoring");
        try {
            assertThat(scrape(id, "scrape-" + id).getStatusCode()).isEqualTo(HttpStatus.OK);
            HttpHeaders headers = new HttpHeaders();
            headers.setBasicAuth(id, "scrape-" + id);
            assertThat(http.exchange("/api/conformance?format=json", HttpMethod.GET, new HttpEntity<>(headers),
                    String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        } finally {
            identity.deleteMembership(id, "monitoring");
            identity.deleteUser(id);
        }
    }
}
