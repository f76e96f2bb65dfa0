package org.itsmflow.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.itsmflow.platform.FormTranslations;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * No text a person reads on one of our forms lacks its Chinese translation (docs/adr/0018-forms-in-chinese.md): every
 * label, description, text block and option label of every {@code forms/*.form} has a non-empty entry in
 * {@code forms/i18n/zh.json} that keeps the form's {@code {{…}}} placeholders. A label changed in Camunda Modeler
 * fails here until its translation is written.
 */
class FormTranslationCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> chinese = chinese();

    @TestFactory
    Stream<DynamicTest> everyTextOfEveryFormHasAChineseTranslation() {
        Path forms = ModelCheckTest.ROOT.resolve("forms");
        return ModelChecker.files(forms, ".form").stream().map(file -> DynamicTest.dynamicTest(
                "forms/" + forms.relativize(file), file.toUri(),
                () -> assertThat(untranslated(JSON.readTree(file.toFile()), chinese))
                        .as("texts of " + file.getFileName() + " without a translation in forms/i18n/zh.json")
                        .isEmpty()));
    }

    @Test
    void theTriageFormReadsInChinese() throws IOException {
        JsonNode triage = JSON.readTree(ModelCheckTest.ROOT.resolve("forms/incident-triage.form").toFile());
        JsonNode translated = FormTranslations.translate(triage.deepCopy(), chinese);

        assertThat(texts(translated)).contains("事件", "优先级", "优先级和分派是否正确？",
                "是 — 确认优先级和处理组");
        assertThat(texts(translated)).doesNotContain("Priority", "Are priority and routing right?");
        // only what people read changes: keys, ids and option values stay as the process expects them
        assertThat(translated.findValuesAsText("key")).isEqualTo(triage.findValuesAsText("key"));
        assertThat(translated.findValuesAsText("value")).isEqualTo(triage.findValuesAsText("value"));
        assertThat(translated.path("id").asText()).isEqualTo("incident-triage");
    }

    /** The form's texts with no translation, or whose translation is blank or drops a placeholder. */
    static List<String> untranslated(JsonNode form, Map<String, String> translations) {
        List<String> missing = new ArrayList<>();
        for (String text : texts(form)) {
            String translation = translations.get(text);
            if (translation == null || translation.isBlank()) {
                missing.add(text);
            } else if (!FormTranslations.placeholders(text).equals(FormTranslations.placeholders(translation))) {
                missing.add(text + " (the translation changes its placeholders)");
            }
        }
        return missing;
    }

    /** Every text a person reads in a form-js schema: the component properties of {@link FormTranslations}. */
    static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isObject()) {
            for (String property : FormTranslations.TEXT_PROPERTIES) {
                JsonNode text = node.get(property);
                if (text != null && text.isTextual() && !text.asText().isBlank()) {
                    texts.add(text.asText());
                }
            }
        }
        node.forEach(child -> {
            if (child.isContainerNode()) {
                texts.addAll(texts(child));
            }
        });
        return texts;
    }

    private static Map<String, String> chinese() {
        try {
            return JSON.readValue(ModelCheckTest.ROOT.resolve("forms/i18n/zh.json").toFile(),
                    new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("forms/i18n/zh.json cannot be read", e);
        }
    }
}
