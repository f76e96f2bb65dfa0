package org.itsmflow.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Shows our Camunda Forms in the reader's language (docs/adr/0018-forms-in-chinese.md): when the first language of
 * the request's {@code Accept-Language} is one we have form texts for, the form schema that Tasklist (or an engine
 * REST client) fetches for a task or a start event has its labels replaced by {@link FormTranslations}. The webapps
 * choose their own language by the same rule (the browser's first language), so a zh-CN browser gets Chinese
 * everywhere. Nothing else passes through: only {@code GET …/deployed-form} and {@code …/deployed-start-form}.
 */
class FormTranslationFilter extends OncePerRequestFilter {

    private static final Pattern DEPLOYED_FORM = Pattern.compile(".*/(task|process-definition)/[^/]+/"
            + "(deployed-form|deployed-start-form)$");

    private final FormTranslations translations;
    private final ObjectMapper json;

    FormTranslationFilter(FormTranslations translations, ObjectMapper json) {
        this.translations = translations;
        this.json = json;
    }

    @Configuration
    static class Registration {
        @Bean
        FilterRegistrationBean<FormTranslationFilter> formTranslationFilter(FormTranslations translations,
                ObjectMapper json) {
            FilterRegistrationBean<FormTranslationFilter> registration =
                    new FilterRegistrationBean<>(new FormTranslationFilter(translations, json));
            registration.setName("form-translation");
            // Tasklist reaches the engine through /camunda/api/engine/…; integrators through /engine-rest/…
            registration.addUrlPatterns("/camunda/api/engine/*", "/engine-rest/*");
            return registration;
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !DEPLOYED_FORM.matcher(request.getRequestURI()).matches()
                || request.getHeader("Accept-Language") == null
                || translations.forLocale(request.getLocale()).isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Map<String, String>> texts = translations.forLocale(request.getLocale());
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, wrapper);
        byte[] body = wrapper.getContentAsByteArray();
        if (texts.isPresent() && wrapper.getStatus() == HttpServletResponse.SC_OK && body.length > 0) {
            try {
                JsonNode form = json.readTree(body);
                if (form.isObject()) {
                    byte[] translated = json.writeValueAsBytes(FormTranslations.translate(form, texts.get()));
                    wrapper.resetBuffer();
                    wrapper.setCharacterEncoding(StandardCharsets.UTF_8.name());
                    wrapper.getOutputStream().write(translated);
                }
            } catch (JacksonException notAForm) {
                // not a form-js schema (an HTML form, say): passed on unchanged
            }
        }
        wrapper.copyBodyToResponse();
    }
}
