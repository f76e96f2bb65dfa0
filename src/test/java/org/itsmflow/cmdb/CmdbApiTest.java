package org.itsmflow.cmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The read-only CMDB API over HTTP against the demo CMDB (R-9.1h: CI information available to those who need it). */
@PostgresTest
class CmdbApiTest {

    @Autowired
    TestRestTemplate rest;

    TestRestTemplate sara() {
        return rest.withBasicAuth("sara", "sara");
    }

    @Test
    @DisplayName("R-9.1a the CI types are listed")
    void listsTypes() {
        ResponseEntity<JsonNode> response = sara().getForEntity("/api/ci-types", JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().findValuesAsText("id")).containsExactly("APPLICATION", "DATABASE",
                "NETWORK_DEVICE", "SERVER", "STORAGE", "VIRTUAL_MACHINE");
    }

    @Test
    @DisplayName("R-9.1h search by id or name substring, filtered by type and status, paged")
    void searches() {
        JsonNode erp = sara().getForObject("/api/cis?q=erp&size=50", JsonNode.class);
        assertThat(ids(erp)).contains("APP-ERP", "DB-ERP-PROD", "SRV-ERP-01", "STO-ERP-VOL-01");
        assertThat(erp.get("total").asLong()).isEqualTo(erp.get("items").size());

        JsonNode byName = sara().getForObject("/api/cis?q=Domain controller", JsonNode.class);
        assertThat(ids(byName)).contains("VM-AD-DC-01", "VM-AD-DC-02");

        JsonNode liveServers = sara().getForObject("/api/cis?type=SERVER&status=live&size=100", JsonNode.class);
        assertThat(ids(liveServers)).contains("SRV-ERP-01", "SRV-ESX-01").doesNotContain("SRV-ESX-04",
                "SRV-ERP-OLD-01", "APP-ERP");

        JsonNode page0 = sara().getForObject("/api/cis?q=-&size=2&page=0", JsonNode.class);
        JsonNode page1 = sara().getForObject("/api/cis?q=-&size=2&page=1", JsonNode.class);
        assertThat(page0.get("items")).hasSize(2);
        assertThat(page0.get("size").asInt()).isEqualTo(2);
        assertThat(page0.get("total").asLong()).isGreaterThanOrEqualTo(30);
        assertThat(ids(page1)).doesNotContainAnyElementsOf(ids(page0));
        assertThat(ids(sara().getForObject("/api/cis?q=100%25_no_such", JsonNode.class))).isEmpty();
    }

    @ParameterizedTest(name = "R-9.1h {0} → 400 naming {1}")
    @CsvSource({
            "/api/cis?page=-1, page",
            "/api/cis?size=0, size",
            "/api/cis?size=1000, size",
            "/api/cis?size=abc, size",
            "/api/cis?type=MAINFRAME, type",
            "/api/cis?status=BROKEN, status",
            "/api/cis/APP-ERP/impact?depth=0, depth",
            "/api/cis/APP-ERP/impact?depth=11, depth",
            "/api/cis/APP-ERP/impact?depth=deep, depth",
            "/api/cis/APP-ERP/impact?direction=sideways, direction",
            "/api/cis/APP-ERP/impact?limit=0, limit",
            "/api/cis/APP-ERP/impact?limit=1001, limit",
            "/api/cis/APP-ERP/impact?limit=all, limit"})
    void badParametersAreNamed(String url, String parameter) {
        ResponseEntity<JsonNode> response = sara().getForEntity(url, JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().get("errors").findValuesAsText("field")).containsExactly(parameter);
    }

    @Test
    @DisplayName("R-9.1h an unknown CI is a 404 problem naming it")
    void unknownCi() {
        for (String url : List.of("/api/cis/NO-SUCH-CI", "/api/cis/NO-SUCH-CI/history",
                "/api/cis/NO-SUCH-CI/impact")) {
            ResponseEntity<JsonNode> response = sara().getForEntity(url, JsonNode.class);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.getBody().get("detail").asText()).contains("NO-SUCH-CI");
        }
    }

    @Test
    @DisplayName("R-9.1a R-9.1h a CI is read with its relationships both ways and its services")
    void readsCi() {
        JsonNode erp = sara().getForObject("/api/cis/APP-ERP", JsonNode.class);
        assertThat(erp.get("typeId").asText()).isEqualTo("APPLICATION");
        assertThat(erp.get("status").asText()).isEqualTo("LIVE");
        assertThat(erp.get("version").asInt()).isPositive();
        assertThat(erp.get("documentationUrl").asText()).startsWith("https://");
        assertThat(erp.get("attributes").get("software").asText()).contains("S/4HANA");
        assertThat(erp.get("outgoing").findValuesAsText("targetCiId")).contains("SRV-ERP-01", "DB-ERP-PROD");
        assertThat(erp.get("incoming")).anySatisfy(r -> {
            assertThat(r.get("sourceCiId").asText()).isEqualTo("APP-SHOP");
            assertThat(r.get("type").asText()).isEqualTo("DEPENDS_ON");
        });
        assertThat(erp.get("services").toString()).isEqualTo("[\"erp\"]");
    }

    @Test
    @DisplayName("R-9.1d a CI's history is readable")
    void readsHistory() {
        JsonNode history = sara().getForObject("/api/cis/DB-ERP-PROD/history", JsonNode.class);
        assertThat(history.get(0).get("action").asText()).isEqualTo("CREATED");
        assertThat(history.get(0).get("changedBy").asText()).isEqualTo("system");
        assertThat(history.get(0).get("reason").asText()).isEqualTo("initial load");
        assertThat(history.get(0).get("changes").get("name").get("to").asText()).isEqualTo("ERP production database");
    }

    @Test
    @DisplayName("R-9.1c impact of the ERP database: ERP and the shop that depends on it")
    void impact() {
        JsonNode impact = sara().getForObject("/api/cis/DB-ERP-PROD/impact?direction=downstream&depth=3",
                JsonNode.class);
        assertThat(impact.get("root").get("id").asText()).isEqualTo("DB-ERP-PROD");
        assertThat(impact.get("direction").asText()).isEqualTo("downstream");
        Map<String, Integer> distances = new java.util.HashMap<>();
        impact.get("affected").forEach(ci -> distances.put(ci.get("id").asText(), ci.get("distance").asInt()));
        assertThat(distances).containsEntry("APP-ERP", 1).containsEntry("APP-SHOP", 2);
        assertThat(impact.get("services").toString()).contains("\"erp\"", "\"online-shop\"");

        JsonNode defaults = sara().getForObject("/api/cis/DB-ERP-PROD/impact", JsonNode.class);
        assertThat(defaults.get("depth").asInt()).isEqualTo(3);
        assertThat(defaults.get("direction").asText()).isEqualTo("downstream");
        assertThat(defaults.get("truncated").asBoolean()).isFalse();
        assertThat(defaults.get("total").asInt()).isEqualTo(defaults.get("affected").size());
    }

    @Test
    @DisplayName("R-9.1c a limited impact answer lists the nearest CIs and still counts and names everything")
    void limitedImpact() {
        JsonNode all = sara().getForObject("/api/cis/DB-ERP-PROD/impact?direction=downstream&depth=3",
                JsonNode.class);
        JsonNode one = sara().getForObject("/api/cis/DB-ERP-PROD/impact?direction=downstream&depth=3&limit=1",
                JsonNode.class);
        assertThat(one.get("affected")).hasSize(1);
        assertThat(one.get("affected").get(0)).isEqualTo(all.get("affected").get(0));
        assertThat(one.get("total").asInt()).isEqualTo(all.get("total").asInt()).isGreaterThan(1);
        assertThat(one.get("truncated").asBoolean()).isTrue();
        assertThat(one.get("services")).isEqualTo(all.get("services"));
        assertThat(one.get("byDistance")).isEqualTo(all.get("byDistance"));
        assertThat(one.get("byType").findValuesAsText("typeId")).contains("APPLICATION");
        int counted = 0;
        for (JsonNode type : one.get("byType")) {
            counted += type.get("count").asInt();
        }
        assertThat(counted).isEqualTo(one.get("total").asInt());
    }

    @Test
    @DisplayName("R-9.1g anonymous callers get a 401 problem")
    void anonymousIsRefused() {
        for (String url : List.of("/api/cis", "/api/cis/APP-ERP", "/api/ci-types", "/api/cis/APP-ERP/impact")) {
            ResponseEntity<String> response = rest.getForEntity(url, String.class);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        // an unknown user: a wrong password of a real one would make the engine delay that user's next logins
        assertThat(rest.withBasicAuth("intruder", "guess").getForEntity("/api/cis", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    @DisplayName("the CMDB endpoints are described in the OpenAPI document")
    void openApi() {
        JsonNode docs = rest.withBasicAuth("demo", "demo").getForObject("/v3/api-docs", JsonNode.class);
        assertThat(docs.get("paths").has("/api/cis")).isTrue();
        assertThat(docs.get("paths").has("/api/cis/{id}")).isTrue();
        assertThat(docs.get("paths").has("/api/cis/{id}/history")).isTrue();
        assertThat(docs.get("paths").has("/api/cis/{id}/impact")).isTrue();
        assertThat(docs.get("paths").has("/api/ci-types")).isTrue();
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").findValuesAsText("id");
    }
}
