package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tasklist, Cockpit and Admin in Chinese (docs/user-guide/chinese.md): the webjar's own English file of each webapp
 * is the contract, so every key of it must be in our {@code zh.json}, non-empty, with the same {@code {{…}}}
 * placeholders; a Camunda upgrade that adds or renames keys fails here until they are translated. And each app's
 * {@code config.js} offers zh beside en, with English as the fallback.
 */
class WebappLocalesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "META-INF/resources/webjars/camunda/app/";

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin"})
    void everyEnglishKeyHasAChineseTranslation(String app) throws IOException {
        Map<String, JsonNode> english = leaves(read(APP + app + "/locales/en.json"));
        Map<String, JsonNode> chinese = leaves(read(APP + app + "/locales/zh.json"));
        assertThat(english).as("the webjar's English file of " + app).hasSizeGreaterThan(100);

        List<String> problems = new ArrayList<>();
        english.forEach((key, value) -> {
            JsonNode translation = chinese.get(key);
            if (translation == null) {
                problems.add(key + ": missing");
            } else if (value.isTextual() && !value.asText().isBlank() && translation.asText().isBlank()) {
                problems.add(key + ": empty");
            } else if (value.isTextual() && !FormTranslations.placeholders(value.asText())
                    .equals(FormTranslations.placeholders(translation.asText()))) {
                problems.add(key + ": placeholders " + FormTranslations.placeholders(value.asText())
                        + " became " + FormTranslations.placeholders(translation.asText()));
            }
        });
        assertThat(problems).as(app + "/locales/zh.json against the webjar's en.json").isEmpty();
        // the Chinese file is Chinese, not a copy of the English one
        assertThat(chinese.values().stream().map(JsonNode::asText).filter(s -> s.matches("(?s).*\\p{IsHan}.*"))
                .count()).as("texts in Chinese").isGreaterThan(english.size() / 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin"})
    void eachWebappOffersChineseWithEnglishAsFallback(String app) throws IOException {
        String config = new String(stream(APP + app + "/scripts/config.js").readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config).containsPattern("availableLocales:\\s*\\['en', 'zh'\\]")
                .containsPattern("fallbackLocale:\\s*'en'");
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = stream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return JSON.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text); // the webjar's files carry a BOM
        }
    }

    private static InputStream stream(String resource) {
        InputStream in = WebappLocalesTest.class.getClassLoader().getResourceAsStream(resource);
        assertThat(in).as(resource + " on the classpath").isNotNull();
        return in;
    }

    /** Every value of a locale file by its dotted path (list items by index). */
    private static Map<String, JsonNode> leaves(JsonNode node) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        collect("", node, leaves);
        return leaves;
    }

    private static void collect(String path, JsonNode node, Map<String, JsonNode> leaves) {
        if (node.isObject()) {
            node.properties().forEach(e -> collect(path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    e.getValue(), leaves));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(path + "[" + i + "]", node.get(i), leaves);
            }
        } else {
            leaves.put(path, node);
        }
    }
}
