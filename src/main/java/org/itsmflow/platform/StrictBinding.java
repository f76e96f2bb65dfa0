package org.itsmflow.platform;

import java.io.IOException;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAccessor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies of our API bind strictly, for every endpoint at once (docs/security/binding.md): a JSON value of one
 * type is never read as another. Numbers and booleans are not text, text is not a number, boolean, enum index or date
 * number, a number is never an enum (no ordinals), a fraction is never an integer, an empty string is never a
 * missing value of a non-text field, and an enum value is one of the listed names exactly (no other case, no blanks
 * around it). Jackson's own switches do almost all of it; the two gaps its switches leave (it trims enum names, and
 * java.time reads epoch numbers and arrays whatever the coercion settings say) are closed by {@link Exact}.
 * The engine REST API has its own mapper and keeps Camunda's behaviour.
 */
@Configuration
class StrictBinding {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictBindingCustomizer() {
        return builder -> builder
                .featuresToEnable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS,
                        MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS,
                        DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                        DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS,
                        DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT,
                        DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT,
                        DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .modulesToInstall(modules -> modules.add(new Exact()))
                .postConfigurer(mapper -> {
                    // an empty string is text where text is expected, and refused everywhere else (never null)
                    mapper.coercionConfigDefaults()
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float,
                        LogicalType.Boolean, LogicalType.Enum, LogicalType.DateTime}) {
                        mapper.coercionConfigFor(scalar)
                                .setCoercion(CoercionInputShape.String, scalar == LogicalType.Enum
                                        || scalar == LogicalType.DateTime ? CoercionAction.TryConvert
                                        : CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, scalar == LogicalType.Integer
                                        || scalar == LogicalType.Float ? CoercionAction.TryConvert
                                        : CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, scalar == LogicalType.Float
                                        ? CoercionAction.TryConvert : CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, scalar == LogicalType.Boolean
                                        ? CoercionAction.TryConvert : CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
                    }
                });
    }

    /**
     * Where Jackson's switches do not reach: an enum name must match exactly (Jackson trims blanks before looking it
     * up), and a java.time value must be an ISO-8601 string (its deserializers read epoch numbers and arrays such as
     * {@code [2026,1,1]} regardless of the coercion configuration).
     */
    static final class Exact extends SimpleModule {
        private static final long serialVersionUID = 1L;

        Exact() {
            super("itsm-strict-binding");
            setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                        BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                    return new ExactText(deserializer, type.getRawClass(), false);
                }

                @Override
                public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription beanDesc,
                        JsonDeserializer<?> deserializer) {
                    Class<?> raw = beanDesc.getBeanClass();
                    boolean time = raw.getName().startsWith("java.time.")
                            && (Temporal.class.isAssignableFrom(raw) || TemporalAccessor.class.isAssignableFrom(raw));
                    return time ? new ExactText(deserializer, raw, true) : deserializer;
                }
            });
        }
    }

    /** Passes only a JSON string without surrounding blanks (or null) on to the wrapped deserializer. */
    static final class ExactText extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;

        private final Class<?> target;
        private final boolean stringOnly;

        ExactText(JsonDeserializer<?> delegate, Class<?> target, boolean stringOnly) {
            super(delegate);
            this.target = target;
            this.stringOnly = stringOnly;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ExactText(newDelegatee, target, stringOnly);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String text = p.getText();
                if (!text.isEmpty() && !text.equals(text.strip())) {
                    throw ctxt.weirdStringException(text, target, "has blanks around the value");
                }
            } else if (stringOnly && !p.hasToken(JsonToken.VALUE_NULL)) {
                return ctxt.handleUnexpectedToken(target, p.currentToken(), p,
                        "expected an ISO-8601 string, not %s", p.currentToken());
            }
            return super.deserialize(p, ctxt);
        }
    }
}
