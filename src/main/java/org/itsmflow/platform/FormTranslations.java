package org.itsmflow.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The user-visible texts of our Camunda Forms in other languages (docs/adr/0018-forms-in-chinese.md). A form file
 * stays one English form that process owners edit in Camunda Modeler; {@code forms/i18n/<language>.json} maps each
 * English text (a label, description, text block or option label) to its translation. Keyed by the English text, so
 * a changed label has no translation until one is written, which the model check reports.
 */
@Component
public class FormTranslations {

    /** The languages with a translation file, besides the forms' own English. */
    public static final String CHINESE = "zh";
    /** The properties of a form-js component that a person reads. */
    public static final String[] TEXT_PROPERTIES = {"label", "description", "text"};

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}");

    private final Map<String, String> chinese;

    public FormTranslations(ObjectMapper json) {
        this.chinese = load(json, CHINESE);
    }

    static Map<String, String> load(ObjectMapper json, String language) {
        try (InputStream in = new ClassPathResource("forms/i18n/" + language + ".json").getInputStream()) {
            return Map.copyOf(json.readValue(in, new TypeReference<Map<String, String>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("forms/i18n/" + language + ".json cannot be read", e);
        }
    }

    /** The translations for a reader's locale, or empty when the forms' English is theirs. */
    public Optional<Map<String, String>> forLocale(Locale locale) {
        return locale != null && CHINESE.equals(locale.getLanguage()) ? Optional.of(chinese) : Optional.empty();
    }

    /** The {@code {{…}}} placeholders of a text, sorted: a translation keeps exactly those of its original. */
    public static List<String> placeholders(String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found.stream().sorted().toList();
    }

    /**
     * Replaces, in a form-js schema, every text a person reads that has a translation; texts without one stay
     * English. Works in place on the given tree and returns it.
     */
    public static JsonNode translate(JsonNode node, Map<String, String> texts) {
        if (node instanceof ObjectNode object) {
            for (String property : TEXT_PROPERTIES) {
                JsonNode text = object.get(property);
                if (text != null && text.isTextual() && texts.containsKey(text.asText())) {
                    object.put(property, texts.get(text.asText()));
                }
            }
            object.properties().forEach(entry -> {
                if (entry.getValue().isContainerNode()) {
                    translate(entry.getValue(), texts);
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> translate(element, texts));
        }
        return node;
    }
}
