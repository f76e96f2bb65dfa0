package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The remembered password verification of our API's Basic authentication never outlives a change: a new password,
 * a lock, a removed membership or a deleted user take effect on the next request (issue 9, intake performance).
 * Runs on a throwaway user, never a shared demo user (login throttling).
 */
@PostgresTest
class VerifiedCredentialsTest {

    private static final String USER = "perfcreduser";
    private static final String GROUP = "perfcredgroup";

    @Autowired
    VerifiedCredentials credentials;

    @Autowired
    IdentityService identity;

    @BeforeEach
    void throwawayUser() {
        cleanUp();
        User user = identity.newUser(USER);
        user.setPassword("first-Secret-1");
        identity.saveUser(user);
        identity.saveGroup(identity.newGroup(GROUP));
        identity.createMembership(USER, GROUP);
    }

    @AfterEach
    void cleanUp() {
        if (identity.createUserQuery().userId(USER).count() > 0) {
            identity.deleteUser(USER);
        }
        if (identity.createGroupQuery().groupId(GROUP).count() > 0) {
            identity.deleteGroup(GROUP);
        }
        credentials.forgetAll();
    }

    @Test
    @DisplayName("the right password is accepted with the user's groups, again from memory; a wrong one never")
    void acceptsTheRightPasswordOnly() {
        assertThat(credentials.authenticate(USER, "first-Secret-1")).hasValueSatisfying(g -> assertThat(g).contains(GROUP));
        assertThat(credentials.authenticate(USER, "first-Secret-1")).hasValueSatisfying(g -> assertThat(g).contains(GROUP));
        assertThat(credentials.authenticate(USER, "first-Secret-2")).isEmpty();
        assertThat(credentials.authenticate(USER, null)).isEmpty();
        assertThat(credentials.authenticate("perfnosuchuser", "first-Secret-1")).isEmpty();
    }

    @Test
    @DisplayName("a password change takes effect on the next request")
    void passwordChangeTakesEffect() {
        assertThat(credentials.authenticate(USER, "first-Secret-1")).isPresent();
        User user = identity.createUserQuery().userId(USER).singleResult();
        user.setPassword("second-Secret-2");
        identity.saveUser(user);
        assertThat(credentials.authenticate(USER, "first-Secret-1")).isEmpty();
        identity.unlockUser(USER); // the refused old password was a failed attempt: the engine throttles the user
        assertThat(credentials.authenticate(USER, "second-Secret-2")).isPresent();
        assertThat(credentials.authenticate(USER, "second-Secret-2")).isPresent();
    }

    @Test
    @DisplayName("a removed membership, a lock and a deleted user take effect on the next request")
    void membershipLockAndDeletionTakeEffect() {
        assertThat(credentials.authenticate(USER, "first-Secret-1")).isPresent();
        identity.deleteMembership(USER, GROUP);
        assertThat(credentials.authenticate(USER, "first-Secret-1")).hasValueSatisfying(g -> assertThat(g).doesNotContain(GROUP));

        for (int i = 0; i < 12; i++) {
            credentials.authenticate(USER, "wrong-" + i); // the engine counts the failed attempts and locks the user
        }
        assertThat(credentials.authenticate(USER, "first-Secret-1")).isEmpty();

        identity.unlockUser(USER);
        assertThat(credentials.authenticate(USER, "first-Secret-1")).isPresent();
        identity.deleteUser(USER);
        assertThat(credentials.authenticate(USER, "first-Secret-1")).isEmpty();
    }
}
