package org.itsmflow.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic authentication of our API against the engine's users, without the engine's password check on every
 * request (issue 9, intake: the check and the group query were two engine commands and three statements per
 * request). The first request of a user goes through {@link IdentityService#checkPassword} (hashing, failed-attempt
 * counting and locking stay the engine's); when it succeeds, an HMAC of the presented password under a random
 * per-process key is remembered together with the stored password hash it was verified against. A later request
 * with the same password is accepted on one read of the user row and its memberships, so nothing is stale:
 * <ul>
 *   <li>a password change changes the stored hash: the remembered verification no longer applies;</li>
 *   <li>a user with failed attempts or a lock ({@code ATTEMPTS_} &gt; 0, {@code LOCK_EXP_TIME_} in the future) goes
 *       back to the engine, which applies its throttling and locking;</li>
 *   <li>a deleted user or a changed group membership shows in the same read;</li>
 *   <li>a wrong password never matches the HMAC and goes to the engine, which counts the failed attempt.</li>
 * </ul>
 * Users the database does not hold (another identity provider) always take the engine's path.
 * {@code itsm.security.verified-credentials=false} turns the shortcut off (benchmark A/B).
 */
@Component
public class VerifiedCredentials {

    private static final int MAX_USERS = 10_000;

    private record Verified(String storedHash, byte[] presented) {
    }

    private record Row(String storedHash, Timestamp lockedUntil, int failedAttempts, List<String> groups) {
    }

    private final IdentityService identityService;
    private final JdbcClient jdbc;
    private final boolean enabled;
    private final SecretKeySpec key;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedCredentials(IdentityService identityService, JdbcClient jdbc,
            @Value("${itsm.security.verified-credentials:true}") boolean enabled) {
        this.identityService = identityService;
        this.jdbc = jdbc;
        this.enabled = enabled;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The user's engine groups if the password is right, empty if not (or the user is locked or unknown). */
    public Optional<List<String>> authenticate(String user, String password) {
        if (user == null || password == null) {
            return Optional.empty();
        }
        if (!enabled) {
            return engineCheck(user, password);
        }
        Verified known = verified.get(user);
        Optional<Row> row = read(user);
        if (known != null && row.isPresent() && !locked(row.get())
                && known.storedHash().equals(row.get().storedHash())
                && MessageDigest.isEqual(known.presented(), hmac(user, password))) {
            return Optional.of(row.get().groups());
        }
        verified.remove(user);
        Optional<List<String>> groups = engineCheck(user, password);
        if (groups.isPresent() && row.isPresent() && row.get().storedHash() != null) {
            if (verified.size() >= MAX_USERS) {
                verified.clear();
            }
            // re-read: remember only the hash the engine has just accepted the password against
            read(user).filter(again -> again.storedHash().equals(row.get().storedHash()))
                    .ifPresent(again -> verified.put(user, new Verified(again.storedHash(), hmac(user, password))));
        }
        return groups;
    }

    /** Forgets every remembered verification (e.g. after a bulk password reset outside the engine). */
    public void forgetAll() {
        verified.clear();
    }

    private Optional<List<String>> engineCheck(String user, String password) {
        if (!identityService.checkPassword(user, password)) {
            return Optional.empty();
        }
        return Optional.of(identityService.createGroupQuery().groupMember(user).list().stream()
                .map(g -> g.getId()).toList());
    }

    private Optional<Row> read(String user) {
        List<Object[]> rows = jdbc.sql("""
                select u.pwd_, u.lock_exp_time_, u.attempts_, m.group_id_ from act_id_user u
                left join act_id_membership m on m.user_id_ = u.id_ where u.id_ = ?
                """).param(user)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getTimestamp(2), rs.getInt(3), rs.getString(4)})
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<String> groups = rows.stream().map(r -> (String) r[3]).filter(g -> g != null).sorted().toList();
        return Optional.of(new Row((String) rows.get(0)[0], (Timestamp) rows.get(0)[1], (Integer) rows.get(0)[2],
                groups));
    }

    /** Failed attempts (throttled or locked for good) or a lock: the engine decides. */
    private static boolean locked(Row row) {
        // the engine compares the lock with its own clock
        return row.failedAttempts() > 0
                || row.lockedUntil() != null && row.lockedUntil().toInstant().isAfter(ClockUtil.now().toInstant());
    }

    private byte[] hmac(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
