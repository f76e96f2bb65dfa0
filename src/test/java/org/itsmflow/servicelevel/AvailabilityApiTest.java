package org.itsmflow.servicelevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.platform.Jdbc;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * GET /api/services/{id}/availability (R-6.3a) on PostgreSQL: a service of the test's own in the demo calendar
 * cn-business (Asia/Shanghai, 09:00-12:00 and 13:00-18:00; 1-7 October 2026 holidays, Saturday 10 October a
 * make-up day), the week of Monday 5 to Monday 12 October 2026 local time.
 */
@PostgresTest
class AvailabilityApiTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    @DisplayName("R-6.3a availability from the outage records in the service's calendar, holidays and make-up day included")
    void availabilityOfAService() throws Exception {
        String service = "avail" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        jdbc.sql("insert into service (id, name, owner_group, calendar_id, status) values (?, 'Availability test', "
                + "'serviceowners', 'cn-business', 'ACTIVE')").param(service).update();
        // Holiday Tuesday 6 Oct 10:00 local: nothing; make-up Saturday 10 Oct 09:00-10:30 local: 90 minutes;
        // Friday 9 Oct 11:00-14:00 local: 60 + 60 (lunch excluded) = 120 minutes
        outage(service, "2026-10-06T02:00:00Z", "2026-10-06T05:00:00Z");
        outage(service, "2026-10-10T01:00:00Z", "2026-10-10T02:30:00Z");
        outage(service, "2026-10-09T03:00:00Z", "2026-10-09T06:00:00Z");

        ResponseEntity<String> r = http.withBasicAuth("olivia", "olivia").getForEntity("/api/services/" + service
                + "/availability?from=2026-10-04T16:00:00Z&to=2026-10-11T16:00:00Z", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode a = json.readTree(r.getBody());
        // agreed: Thu 8 and Fri 9 (5-7 Oct are holidays) + Saturday 10 = 3 x 480
        assertThat(a.path("agreedMinutes").asLong()).isEqualTo(1440);
        assertThat(a.path("unplannedDowntimeMinutes").asLong()).isEqualTo(210);
        assertThat(a.path("availabilityPercent").decimalValue()).isEqualByComparingTo("85.417");
        assertThat(a.path("calendarId").asText()).isEqualTo("cn-business");
        assertThat(a.path("outages").size()).isEqualTo(3);

        ResponseEntity<String> bad = http.withBasicAuth("olivia", "olivia").getForEntity("/api/services/" + service
                + "/availability?from=2026-10-11&to=2026-10-04", String.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(bad.getBody()).path("errors").get(0).path("field").asText()).isEqualTo("to");
        assertThat(http.withBasicAuth("olivia", "olivia").getForEntity("/api/services/nope/availability",
                String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.withBasicAuth("olivia", "olivia").getForEntity("/api/services/" + service
                + "/availability", String.class).getStatusCode()).as("last full month by default").isEqualTo(HttpStatus.OK);
    }

    void outage(String service, String from, String to) {
        jdbc.sql("insert into service_outage (service_id, record_id, started_at, ended_at, kind) "
                + "values (?, 'INC-TEST', ?, ?, 'UNPLANNED')")
                .params(service, Jdbc.utc(Instant.parse(from)), Jdbc.utc(Instant.parse(to))).update();
    }
}
