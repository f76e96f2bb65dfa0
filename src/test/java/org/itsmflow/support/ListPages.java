package org.itsmflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Creates records and reads a page of a record list ({@code {"items": [...], "page", "size", "total"}}) over HTTP as a demo user. */
public final class ListPages {

    private ListPages() {
    }

    /** GET {@code path} as {@code user} (password = user id), expecting 200; the page as JSON. */
    public static JsonNode get(TestRestTemplate http, ObjectMapper json, String user, String path) throws Exception {
        ResponseEntity<String> response = http.withBasicAuth(user, user).getForEntity(path, String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    /** POST a JSON {@code body} to {@code path} as {@code user}, expecting 201; the created record as JSON. */
    public static JsonNode create(TestRestTemplate http, ObjectMapper json, String user, String path, String body)
            throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = http.withBasicAuth(user, user).postForEntity(path,
                new HttpEntity<>(body, headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return json.readTree(response.getBody());
    }

    /** The ids of the page's items, in order. */
    public static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
