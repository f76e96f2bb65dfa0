package org.itsmflow.platform;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.stereotype.Component;

/**
 * Text fields of our API's requests hold text: a string with a NUL or another control character (tab, line feed and
 * carriage return excepted) or an unpaired UTF-16 surrogate is refused while the JSON is read, as a 400 naming the
 * field. PostgreSQL cannot store NUL in text at all, and an unpaired surrogate cannot be encoded as UTF-8, so such a
 * value would otherwise fail deep in a write — or be silently changed. Spring Boot adds every {@code Module} bean to
 * its {@code ObjectMapper}; the engine REST API has its own mapper and is not affected.
 */
@Component
class SafeTextModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    SafeTextModule() {
        super("itsm-safe-text");
        addDeserializer(String.class, new SafeStringDeserializer());
    }

    /** The refusal, with the reason; Jackson adds the field path on its way out. */
    static final class UnsafeTextException extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        UnsafeTextException(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    static final class SafeStringDeserializer extends StringDeserializer {
        private static final long serialVersionUID = 1L;

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            String problem = problem(value);
            if (problem != null) {
                throw new UnsafeTextException(p, problem);
            }
            return value;
        }
    }

    /** Why the text is refused, or null when it is fine. */
    static String problem(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "contains a NUL character";
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return "contains the control character U+" + String.format("%04X", (int) c);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate U+" + String.format("%04X", (int) c);
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate U+" + String.format("%04X", (int) c);
            }
        }
        return null;
    }
}
