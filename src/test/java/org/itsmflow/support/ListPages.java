package org.itsmflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/** Reads a page of a record list ({@code {"items": [...], "page", "size", "total"}}) over HTTP as a demo user. */
public final class ListPages {

    private ListPages() {
    }

    /** GET {@code path} as {@code user} (password = user id), expecting 200; the page as JSON. */
    public static JsonNode get(TestRestTemplate http, ObjectMapper json, String user, String path) throws Exception {
        ResponseEntity<String> response = http.withBasicAuth(user, user).getForEntity(path, String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    /** The ids of the page's items, in order. */
    public static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
