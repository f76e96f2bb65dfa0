package org.itsmflow.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine REST API ({@code /engine-rest}) is open by default: require HTTP Basic against the engine's identity
 * service, so the engine's authorizations apply to the authenticated user. Passwords are checked by
 * {@link VerifiedCredentials}, as for our own API: the engine's password check (hashing, failed-attempt counting,
 * locking) runs for a user's first request and after anything about the user changed; later requests cost one read
 * of the user row and memberships instead of the engine's password check and group query (issue 9: the "engine REST
 * floor" under every Tasklist-style query). {@code itsm.security.verified-credentials=false} turns the shortcut off
 * here too.
 */
@Configuration
class EngineRestSecurityConfig {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthenticationFilter(
            VerifiedCredentials credentials) {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new VerifiedBasicAuthenticationFilter(credentials));
        registration.setName("engine-rest-authentication");
        // the engine's filter instantiates this provider by name; init() then replaces it with ours
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        return registration;
    }

    /** The engine's authentication filter with {@link VerifiedBasicAuthentication} as its provider. */
    static final class VerifiedBasicAuthenticationFilter extends ProcessEngineAuthenticationFilter {
        private final VerifiedCredentials credentials;

        VerifiedBasicAuthenticationFilter(VerifiedCredentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public void init(FilterConfig filterConfig) throws ServletException {
            super.init(filterConfig);
            authenticationProvider = new VerifiedBasicAuthentication(credentials);
        }
    }

    /**
     * HTTP Basic ({@code Authorization: Basic base64(user:password)}) checked by {@link VerifiedCredentials}; the
     * groups come from the same read, so the engine's filter does not query them again (tenants it still reads).
     */
    static final class VerifiedBasicAuthentication implements AuthenticationProvider {
        private static final String BASIC = "basic ";
        private final VerifiedCredentials credentials;

        VerifiedBasicAuthentication(VerifiedCredentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
            String header = request.getHeader("Authorization");
            if (header == null || header.length() <= BASIC.length()
                    || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
                return AuthenticationResult.unsuccessful();
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return AuthenticationResult.unsuccessful();
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return AuthenticationResult.unsuccessful();
            }
            String user = decoded.substring(0, colon);
            Optional<java.util.List<String>> groups = credentials.authenticate(user, decoded.substring(colon + 1));
            if (groups.isEmpty()) {
                return AuthenticationResult.unsuccessful(user);
            }
            AuthenticationResult result = AuthenticationResult.successful(user);
            result.setGroups(groups.get());
            return result;
        }

        @Override
        public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + engine.getName() + "\"");
        }
    }
}
