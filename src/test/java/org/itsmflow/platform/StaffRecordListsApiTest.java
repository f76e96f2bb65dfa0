package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.problem.KnownErrorService;
import org.itsmflow.support.ListPages;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Problems, known errors, releases and improvement items are listed on the same query piece as incidents
 * ({@link RecordSearch}): a filter, free text, paging with a total, and who may read each list.
 */
@PostgresTest
class StaffRecordListsApiTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    KnownErrorService knownErrors;
    @Autowired
    JdbcClient jdbc;

    final String word = "list" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    String post(String user, String path, String body) throws Exception {
        return ListPages.create(http, json, user, path, body).get("id").asText();
    }

    JsonNode list(String user, String query) throws Exception {
        return ListPages.get(http, json, user, query);
    }

    int status(String user, String query) {
        return http.withBasicAuth(user, user).getForEntity(query, String.class).getStatusCode().value();
    }

    @Test
    @DisplayName("R-8.3 problems: by status, service and free text over the description, paged with a total; staff only")
    void problems() throws Exception {
        String body = """
                {"title": "Checkout slow %d", "description": "Carts time out, %s", "serviceId": "online-shop",
                 "ciId": "DB-SHOP-PROD", "category": "other", "impact": "HIGH", "urgency": "MEDIUM"}""";
        String first = post("tom", "/api/problems", body.formatted(1, word));
        String second = post("tom", "/api/problems", body.formatted(2, word));
        try {
            problemsListed(first, second);
        } finally {
            // an open problem of a service and category takes in every later incident of them (trend analysis,
            // R-8.3c): other tests' incidents on the online shop must not land in these
            jdbc.sql("update problem set status = 'CLOSED' where id in (?, ?)").params(first, second).update();
        }
    }

    void problemsListed(String first, String second) throws Exception {
        JsonNode page = list("tom", "/api/problems?status=OPEN&serviceId=online-shop&size=1&q=" + word);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(ListPages.ids(page)).hasSize(1);
        assertThat(ListPages.ids(list("tom", "/api/problems?sort=id&q=" + word))).containsExactly(first, second);
        assertThat(list("tom", "/api/problems?serviceId=email&q=" + word).get("total").asLong()).isZero();
        assertThat(list("tom", "/api/problems?status=CLOSED&q=" + word).get("total").asLong()).isZero();
        assertThat(status("kate", "/api/problems?q=" + word)).isEqualTo(403);
        ResponseEntity<String> bad = http.withBasicAuth("tom", "tom").getForEntity("/api/problems?priority=P9",
                String.class);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(json.readTree(bad.getBody()).get("errors").findValuesAsText("field")).containsExactly("priority");
    }

    @Test
    @DisplayName("R-8.3f known errors: by CI (ciId or the earlier ci), free text over the workaround, paged; customers read them")
    void knownErrors() throws Exception {
        Instant now = Instant.now();
        String onErp = knownErrors.record(null, null, "Report export hangs", "Export never ends",
                "Lock on the ledger", "Export after 20:00, " + word, "APP-ERP", "erp", "software", now);
        String onVpn = knownErrors.record(null, null, "Tunnel drops", "Hourly disconnects", "Re-keying",
                "Reconnect, " + word, "APP-VPN", "remote-access", "network", now);

        try {
            assertThat(ListPages.ids(list("kate", "/api/known-errors?ci=APP-ERP&q=" + word))).containsExactly(onErp);
            assertThat(ListPages.ids(list("tom", "/api/known-errors?ciId=APP-VPN&q=" + word))).containsExactly(onVpn);
            JsonNode page = list("tom", "/api/known-errors?status=OPEN&size=1&q=" + word);
            assertThat(page.get("total").asLong()).isEqualTo(2);
            assertThat(ListPages.ids(page)).hasSize(1);
            assertThat(list("tom", "/api/known-errors?status=FIXED&q=" + word).get("total").asLong()).isZero();
            assertThat(status("tom", "/api/known-errors?status=GONE")).isEqualTo(400);
        } finally {
            // other tests read the demo known errors of APP-ERP and remote-access and expect them alone
            jdbc.sql("delete from known_error where id in (?, ?)").params(onErp, onVpn).update();
        }
    }

    @Test
    @DisplayName("R-9.3 releases: by type and free text, the earlier limit as page size; customers are refused")
    void releases() throws Exception {
        Instant now = Instant.now();
        for (String[] release : List.of(new String[] {"REL-T" + word.substring(4, 10) + "1", "MINOR"},
                new String[] {"REL-T" + word.substring(4, 10) + "2", "PATCH"})) {
            jdbc.sql("""
                    insert into release_record (id, title, description, release_type, planned_date, sites, planner,
                        status, created_at, updated_at)
                    values (?, ?, ?, ?, ?, 'prod', 'rita', 'PLANNED', ?, ?)
                    """).params(release[0], "Shop " + release[1].toLowerCase(), "Ships the " + word + " fixes",
                    release[1], Jdbc.utc(now.plusSeconds(86_400)), Jdbc.utc(now), Jdbc.utc(now)).update();
        }
        JsonNode page = list("rita", "/api/releases?limit=1&q=" + word);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(ListPages.ids(list("rita", "/api/releases?status=OPEN&type=PATCH&q=" + word)))
                .containsExactly("REL-T" + word.substring(4, 10) + "2");
        assertThat(status("kate", "/api/releases?q=" + word)).isEqualTo(403);
        assertThat(status("rita", "/api/releases?type=HUGE")).isEqualTo(400);
    }

    @Test
    @DisplayName("R-4.4 improvements: by source and free text, paged with a total; staff only")
    void improvements() throws Exception {
        String audit = post("sara", "/api/improvements", """
                {"source": "AUDIT", "title": "Runbook for %s", "priority": "LOW"}""".formatted(word));
        String manual = post("sara", "/api/improvements", """
                {"source": "MANUAL", "title": "Faster answers", "description": "Because of %s", "priority": "HIGH"}"""
                .formatted(word));

        assertThat(ListPages.ids(list("ada", "/api/improvements?source=AUDIT&q=" + word))).containsExactly(audit);
        JsonNode page = list("ada", "/api/improvements?status=OPEN&size=1&sort=id&q=" + word);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(ListPages.ids(page)).containsExactly(audit);
        assertThat(ListPages.ids(list("ada", "/api/improvements?priority=HIGH&q=" + word))).containsExactly(manual);
        assertThat(status("kate", "/api/improvements?q=" + word)).isEqualTo(403);
        assertThat(status("ada", "/api/improvements?status=MAYBE")).isEqualTo(400);
    }
}
