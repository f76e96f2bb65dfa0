package org.itsmflow.platform;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security of our own endpoints: {@code /api/**}, the OpenAPI description and Swagger UI, and actuator.
 * Users and groups are the engine's (identity service); a user's groups become its authorities. Anonymous callers
 * get a 401 problem; only {@code /actuator/health} is public. The Camunda webapps keep their own session login and
 * the engine REST API its own filter ({@link EngineRestSecurityConfig}); neither is matched here.
 */
@Configuration
@EnableMethodSecurity
class ApiSecurityConfig {

    static final String REALM = "ITSM Flow";
    /**
     * Groups that may scrape {@code /actuator/prometheus}: the administrators, the managers' groups, and
     * {@value #MONITORING_GROUP} — the technical users of monitoring systems ({@link RoleBootstrap} creates the group),
     * which need no other right (docs/user-guide/conformance-monitoring-cockpit.md, "Monitoring").
     */
    static final String MONITORING_GROUP = Role.MONITORING_GROUP;
    static final String[] METRICS_READERS = {Role.ADMIN_GROUP, MONITORING_GROUP, Role.AUDITORS.groupId(),
        Role.SERVICE_OWNERS.groupId(), Role.MAJOR_INCIDENT.groupId(), Role.CUSTOMER_RELATIONS.groupId(),
        Role.CHANGE_MANAGERS.groupId(), Role.RELEASE_MANAGERS.groupId()};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, IdentityService identityService, ProblemWriter problems,
            ApiAuditLog audit, IdempotencyKeys idempotencyKeys, ObjectMapper json,
            @Value("${itsm.api.max-body-bytes:262144}") int maxBodyBytes) throws Exception {
        http.securityMatcher("/api/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/actuator/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // managers' metrics: administrators, manager groups and a technical user in group "monitoring"
                        .requestMatchers("/actuator/prometheus").hasAnyAuthority(METRICS_READERS)
                        .requestMatchers("/api/surveys/*").permitAll() // one-time survey links: the token is the credential (R-7.2e)
                        // monitoring systems post alerts (each endpoint names who may, @PreAuthorize)
                        .requestMatchers("/api/events/**").authenticated()
                        // a technical monitoring user may do nothing else, whatever an endpoint lets every user do
                        .anyRequest().access(ApiSecurityConfig::signedInAndNotMonitoringOnly))
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                    problems.write(request, response, HttpStatus.UNAUTHORIZED,
                            "Authentication required: send HTTP Basic credentials of an ITSM Flow user");
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        problems.write(request, response, HttpStatus.FORBIDDEN,
                                "Your groups do not allow this action")))
                // the webapps' session is read, never ours to rotate: a session-fixation change of its id on every
                // request read with it would end the session under the page's other requests in flight
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionFixation(fixation -> fixation.none()))
                // stateless HTTP Basic clients send no session cookie, so there is nothing to forge
                .csrf(csrf -> csrf.disable())
                // a reader signed in to Tasklist/Cockpit reads with that login (GET only; writes need Basic)
                .addFilterBefore(new WebappSessionAuthentication(), BasicAuthenticationFilter.class)
                .addFilterAfter(new EngineAuthenticationFilter(identityService), BasicAuthenticationFilter.class)
                // after authentication, so the audit log and the idempotency keys know the caller
                .addFilterAfter(new ApiWriteFilter(audit, idempotencyKeys, json, maxBodyBytes),
                        EngineAuthenticationFilter.class);
        return http.build();
    }

    /**
     * Pages the application serves ({@code /queue/}, the service desk's incident queue) sit behind the Camunda
     * webapps' login: a visitor who is not signed in to Tasklist is sent to its login form; a signed-in one gets the
     * page, whose script reads {@code /api} with the same session ({@link WebappSessionAuthentication}).
     */
    @Bean
    SecurityFilterChain pageSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/queue", "/queue/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .exceptionHandling(ex -> ex.authenticationEntryPoint(
                        new org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint(
                                "/camunda/app/tasklist/default/")))
                // the webapps' session is read, never ours to rotate: a session-fixation change of its id on every
                // request read with it would end the session under the page's other requests in flight
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionFixation(fixation -> fixation.none()))
                // GET pages only, no state changed: nothing to forge
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(new WebappSessionAuthentication(), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** {@code /queue/} shows the queue page ({@code static/queue/index.html}). */
    @Bean
    org.springframework.web.servlet.config.annotation.WebMvcConfigurer queuePage() {
        return new org.springframework.web.servlet.config.annotation.WebMvcConfigurer() {
            @Override
            public void addViewControllers(
                    org.springframework.web.servlet.config.annotation.ViewControllerRegistry registry) {
                registry.addRedirectViewController("/queue", "/queue/");
                registry.addViewController("/queue/").setViewName("forward:/queue/index.html");
            }
        };
    }

    /**
     * Signed in, and not only a technical user of group {@value #MONITORING_GROUP}: such a user posts alerts and
     * scrapes metrics and is refused (403) everything else, also what every signed-in user may call.
     */
    static org.springframework.security.authorization.AuthorizationDecision signedInAndNotMonitoringOnly(
            java.util.function.Supplier<Authentication> authentication,
            org.springframework.security.web.access.intercept.RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        boolean signedIn = caller != null && caller.isAuthenticated()
                && !(caller instanceof org.springframework.security.authentication.AnonymousAuthenticationToken);
        boolean monitoringOnly = signedIn && !caller.getAuthorities().isEmpty() && caller.getAuthorities().stream()
                .allMatch(a -> MONITORING_GROUP.equals(a.getAuthority()));
        return new org.springframework.security.authorization.AuthorizationDecision(signedIn && !monitoringOnly);
    }

    /**
     * Role rules before the body: every {@code @PreAuthorize} rule of a controller under {@code /api} is checked
     * before Spring MVC reads and validates the arguments ({@link RolesBeforeBinding}), so a refused caller gets a
     * 403 whatever the body holds, never a 400 naming the field rules.
     */
    @Bean
    org.springframework.web.servlet.config.annotation.WebMvcConfigurer rolesBeforeBinding(
            org.springframework.context.ApplicationContext context) {
        RolesBeforeBinding interceptor = new RolesBeforeBinding(context);
        return new org.springframework.web.servlet.config.annotation.WebMvcConfigurer() {
            @Override
            public void addInterceptors(org.springframework.web.servlet.config.annotation.InterceptorRegistry registry) {
                registry.addInterceptor(interceptor).addPathPatterns("/api/**");
            }
        };
    }

    /**
     * No micrometer observations of the security filter chain, authentications and authorizations: they wrapped
     * each of the chain's filters of every request (Spring Security's {@code ObservationFilterChainDecorator}) and
     * fed no metric or trace anyone reads; HTTP requests keep their {@code http.server.requests} metrics
     * ({@code itsm.api.observe-security=true} brings them back; docs/benchmarks.md).
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "itsm.api.observe-security",
            havingValue = "false", matchIfMissing = true)
    org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    /**
     * A request the firewall refuses (encoded NUL, {@code ..} or {@code //} in the path, a non-printable header) is
     * a 400 problem like every other bad input, not the servlet container's error page.
     */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (request, response, e) -> problems.write(request, response, HttpStatus.BAD_REQUEST,
                "The request was refused: " + e.getMessage());
    }

    /** Checks passwords against the engine's identity service; the user's engine groups are its authorities. */
    @Bean
    AuthenticationProvider engineIdentityAuthenticationProvider(VerifiedCredentials verifiedCredentials) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String user = authentication.getName();
                Object credentials = authentication.getCredentials();
                List<SimpleGrantedAuthority> groups = verifiedCredentials
                        .authenticate(user, credentials == null ? null : credentials.toString())
                        .orElseThrow(() -> new BadCredentialsException("Wrong user name or password"))
                        .stream().map(SimpleGrantedAuthority::new).toList();
                return UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    /**
     * Makes the authenticated API user the engine's current user for the request, so engine authorizations and
     * user-operation logs name the person who called our API.
     */
    static final class EngineAuthenticationFilter extends OncePerRequestFilter {
        private final IdentityService identityService;

        EngineAuthenticationFilter(IdentityService identityService) {
            this.identityService = identityService;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (!(auth instanceof UsernamePasswordAuthenticationToken) || !auth.isAuthenticated()) {
                chain.doFilter(request, response);
                return;
            }
            List<String> groups = auth.getAuthorities().stream().map(a -> a.getAuthority()).toList();
            identityService.setAuthentication(auth.getName(), groups);
            try {
                chain.doFilter(request, response);
            } finally {
                identityService.clearAuthentication();
            }
        }
    }
}
