package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Production profiles refuse demo passwords (the guard runs only when {@code itsm.demo.enabled=false}). */
@PostgresTest
class DemoPasswordGuardTest {

    @Autowired
    ProcessEngine engine;

    @Test
    @DisplayName("a user whose password is still its demo password stops a production start, naming the user")
    void demoPasswordsRefused() {
        assertThatThrownBy(() -> DemoPasswordGuard.refuseDemoPasswords(engine.getIdentityService(),
                List.of("nobodyhere", "demo")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("demo")
                .hasMessageNotContaining("nobodyhere");
    }

    @Test
    @DisplayName("users with their own passwords, and demo users that were deleted, let it start")
    void ownPasswordsAccepted() {
        User user = engine.getIdentityService().newUser("guardprobe");
        user.setPassword("a-real-secret-42");
        engine.getIdentityService().saveUser(user);
        try {
            assertThatCode(() -> DemoPasswordGuard.refuseDemoPasswords(engine.getIdentityService(),
                    List.of("guardprobe", "nobodyhere"))).doesNotThrowAnyException();
        } finally {
            engine.getIdentityService().deleteUser("guardprobe");
        }
    }
}
