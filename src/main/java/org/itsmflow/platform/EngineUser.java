package org.itsmflow.platform;

import java.util.function.Supplier;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The engine's current user as the application services see it: who acts (for journals and history), and a way
 * to do something as the organisation rather than as the caller — start a process the caller may not start
 * directly (a trend problem, a survey follow-up, a service review) or look people up — without the caller's
 * engine authorizations, restoring them afterwards. Whether the caller may ask for it at all is decided before.
 */
@Component
public class EngineUser {

    public static final String SYSTEM = "system";

    private final IdentityService identity;

    EngineUser(IdentityService identity) {
        this.identity = identity;
    }

    /** The engine's current user (a Tasklist or API user), or {@value #SYSTEM} for the engine's own jobs. */
    public String actor() {
        Authentication authentication = identity.getCurrentAuthentication();
        return authentication == null || authentication.getUserId() == null ? SYSTEM : authentication.getUserId();
    }

    /** Runs {@code work} without the caller's engine authentication and returns its result. */
    public <T> T asSystem(Supplier<T> work) {
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return work.get();
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
    }

    /** Runs {@code work} without the caller's engine authentication. */
    public void asSystem(Runnable work) {
        asSystem(() -> {
            work.run();
            return null;
        });
    }
}
