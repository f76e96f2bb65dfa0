package org.itsmflow.platform;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A person signed in to the Camunda webapps (Tasklist, Cockpit) reads our API with that login: a GET without
 * credentials of its own, whose session holds the webapps' authentication for the default engine, runs as that user
 * with that user's engine groups. Pages the application serves (the service desk's queue, {@code /queue/}) call the
 * API this way, behind the same login as Tasklist. Only reads: every write still needs HTTP Basic, so a session cookie
 * a browser sends along to a forged cross-site write authenticates nothing (ADR 0004).
 */
class WebappSessionAuthentication extends OncePerRequestFilter {

    static final String ENGINE = "default";
    private static final Set<String> READS = Set.of("GET", "HEAD");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (READS.contains(request.getMethod()) && request.getHeader("Authorization") == null
                && SecurityContextHolder.getContext().getAuthentication() == null) {
            UserAuthentication user = signedIn(request.getSession(false));
            if (user != null) {
                List<SimpleGrantedAuthority> groups = user.getGroupIds() == null ? List.of()
                        : user.getGroupIds().stream().map(SimpleGrantedAuthority::new).toList();
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.getIdentityId(),
                        null, groups));
                SecurityContextHolder.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }

    /** The webapps' authentication of the default engine kept in this session, or null. */
    static UserAuthentication signedIn(HttpSession session) {
        if (session == null) {
            return null;
        }
        Authentications all = AuthenticationUtil.getAuthsFromSession(session);
        Authentication auth = all == null ? null : all.getAuthenticationForProcessEngine(ENGINE);
        return auth instanceof UserAuthentication user ? user : null;
    }
}
