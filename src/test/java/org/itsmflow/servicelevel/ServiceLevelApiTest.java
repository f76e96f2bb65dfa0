package org.itsmflow.servicelevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The read-only service level API over HTTP (R-6.1a, R-7.2a, R-6.1d). */
@PostgresTest
class ServiceLevelApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    SlaClockService clocks;

    TestRestTemplate sara() {
        return rest.withBasicAuth("sara", "sara");
    }

    @Test
    @DisplayName("R-6.1a GET /api/services lists the five demo services with id and name")
    void listsServices() {
        ResponseEntity<JsonNode> response = sara().getForEntity("/api/services", JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = response.getBody();
        assertThat(body.isArray()).isTrue();
        Map<String, String> names = new java.util.HashMap<>();
        body.forEach(s -> names.put(s.get("id").asText(), s.get("name").asText()));
        assertThat(names).containsEntry("email", "Corporate e-mail")
                .containsEntry("erp", "ERP (finance and supply chain)")
                .containsEntry("online-shop", "Online shop")
                .containsEntry("remote-access", "Remote access (VPN)")
                .containsEntry("hr-portal", "HR self-service portal");
        JsonNode email = body.findParents("id").stream().filter(s -> s.get("id").asText().equals("email"))
                .findFirst().orElseThrow();
        assertThat(email.get("ownerGroup").asText()).isEqualTo("serviceowners");
        assertThat(email.get("calendarId").asText()).isEqualTo("cn-business");
        assertThat(email.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    @DisplayName("R-6.1a R-7.2a GET /api/services/{id} holds its SLAs, targets and customers")
    void readsAServiceWithSlasAndCustomers() {
        JsonNode email = sara().getForObject("/api/services/email", JsonNode.class);
        assertThat(email.get("name").asText()).isEqualTo("Corporate e-mail");
        JsonNode sla = email.get("slas").get(0);
        assertThat(sla.get("id").asText()).isEqualTo("SLA-EMAIL");
        assertThat(sla.get("validFrom").asText()).isEqualTo("2026-01-01");
        assertThat(sla.get("targets")).hasSize(4);
        assertThat(sla.get("targets").get(0).get("priority").asText()).isEqualTo("P1");
        assertThat(sla.get("targets").get(0).get("responseMinutes").asInt()).isEqualTo(15);
        assertThat(email.get("customers").findValuesAsText("id")).contains("acme", "globex");

        JsonNode slaById = sara().getForObject("/api/slas/SLA-ERP", JsonNode.class);
        assertThat(slaById.get("serviceId").asText()).isEqualTo("erp");
        assertThat(slaById.get("workload").asText()).isNotBlank();
    }

    @Test
    @DisplayName("R-6.1a unknown ids are 404 application/problem+json naming what was looked for")
    void unknownIdsAre404Problems() {
        for (String path : List.of("/api/services/nope", "/api/slas/SLA-NOPE", "/api/calendars/nope",
                "/api/sla-clocks/INC-NOPE")) {
            ResponseEntity<JsonNode> response = sara().getForEntity(path, JsonNode.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .as(path).isTrue();
            assertThat(response.getBody().get("detail").asText()).as(path).contains("does not exist");
        }
        JsonNode problem = sara().getForObject("/api/services/nope", JsonNode.class);
        assertThat(problem.get("detail").asText()).isEqualTo("Service 'nope' does not exist");
        assertThat(problem.get("status").asInt()).isEqualTo(404);
    }

    @Test
    @DisplayName("Anonymous callers get 401")
    void anonymousIs401() {
        assertThat(rest.getForEntity("/api/services", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        // an unknown user, not a wrong password: the engine delays a user's next login after a failed one
        assertThat(rest.withBasicAuth("nobody", "nobody").getForEntity("/api/services", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    @DisplayName("R-7.2a GET /api/customers lists customers with their contact users")
    void listsCustomers() {
        JsonNode customers = sara().getForObject("/api/customers", JsonNode.class);
        JsonNode acme = customers.findParents("id").stream().filter(c -> c.get("id").asText().equals("acme"))
                .findFirst().orElseThrow();
        assertThat(acme.get("name").asText()).isEqualTo("Acme Trading Co.");
        assertThat(acme.get("contacts").get(0).asText()).isEqualTo("kate");
        assertThat(customers.findValuesAsText("id")).contains("globex");
    }

    @Test
    @DisplayName("R-6.1a GET /api/calendars/{id} shows hours with the lunch break, holidays and make-up days")
    void readsACalendar() {
        JsonNode cn = sara().getForObject("/api/calendars/cn-business", JsonNode.class);
        assertThat(cn.get("timeZone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(cn.get("workingHours")).hasSize(10);
        JsonNode monday = cn.get("workingHours").get(0);
        assertThat(monday.get("dayOfWeek").asText()).isEqualTo("MONDAY");
        assertThat(monday.get("start").asText()).isEqualTo("09:00");
        assertThat(monday.get("end").asText()).isEqualTo("12:00");
        assertThat(cn.get("exceptionDays")).hasSize(39);
        JsonNode makeUp = cn.get("exceptionDays").findParents("date").stream()
                .filter(d -> d.get("date").asText().equals("2026-02-14")).findFirst().orElseThrow();
        assertThat(makeUp.get("kind").asText()).isEqualTo("WORKDAY");

        JsonNode always = sara().getForObject("/api/calendars/24x7", JsonNode.class);
        assertThat(always.get("workingHours")).hasSize(7);
        assertThat(always.get("workingHours").get(6).get("end").asText()).isEqualTo("24:00");
    }

    @Test
    @DisplayName("R-6.1d GET /api/sla-clocks/{recordId} shows due and warning times and remaining business minutes")
    void readsTheSlaStatusOfARecord() {
        String record = "TEST-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-03-10T02:00:00Z"); // 10:00 in Shanghai
        clocks.start(record, "INCIDENT", "email", "P2", start);
        clocks.stop(record, ClockKind.RESPONSE, Instant.parse("2026-03-10T03:00:00Z"));

        JsonNode status = sara().getForObject("/api/sla-clocks/" + record, JsonNode.class);
        assertThat(status.get("recordId").asText()).isEqualTo(record);
        JsonNode response = status.get("clocks").get(0);
        assertThat(response.get("kind").asText()).isEqualTo("RESPONSE");
        assertThat(response.get("state").asText()).isEqualTo("STOPPED");
        assertThat(response.get("dueAt").asText()).isEqualTo("2026-03-10T02:30:00Z");
        assertThat(response.get("breached").asBoolean()).isTrue();
        assertThat(response.get("remainingBusinessMinutes").asLong()).isEqualTo(-30);
        JsonNode resolution = status.get("clocks").get(1);
        assertThat(resolution.get("dueAt").asText()).isEqualTo("2026-03-11T02:00:00Z");
        assertThat(resolution.get("warningAt").asText()).isEqualTo("2026-03-10T09:00:00Z");
        assertThat(resolution.has("remainingBusinessMinutes")).isTrue();
        assertThat(status.get("breaches")).hasSize(1);
    }

    @Test
    @DisplayName("R-6.1a the OpenAPI description documents the service level endpoints")
    void openApiDescribesTheEndpoints() {
        JsonNode api = sara().getForObject("/v3/api-docs", JsonNode.class);
        assertThat(api.get("paths").has("/api/services")).isTrue();
        assertThat(api.get("paths").has("/api/services/{id}")).isTrue();
        assertThat(api.get("paths").has("/api/sla-clocks/{recordId}")).isTrue();
    }
}
