package org.itsmflow.cmdb;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The definitive media library (R-9.1f): master copies of digital CIs kept with their SHA-256 checksums and referenced
 * from the configuration records ({@link #ofCi}). Entries are append-only: a new version of a deliverable is a new
 * entry. Release management registers a release's deliverables here and verifies every copy it installs against them
 * (R-10.1h).
 */
@Service
public class MediaLibrary {

    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Relative paths below the media directory (no "..", no leading "/"), or a classpath resource. */
    static final Pattern LOCATION = Pattern.compile("(classpath:)?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final JdbcClient jdbc;
    private final CmdbService cmdb;
    private final RecordNumbers.Sequence numbers;

    MediaLibrary(JdbcClient jdbc, CmdbService cmdb, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.cmdb = cmdb;
        this.numbers = recordNumbers.sequence("dml_number_seq", "DML");
    }

    /**
     * Registers a master copy. {@code field} prefixes the names of invalid fields in the errors
     * ({@code deliverables[0]}).
     */
    @Transactional
    public MediaEntry register(String field, String name, String version, String sha256, String location, String ciId,
            String sourceRef, String actor) {
        String prefix = field == null ? "" : field + ".";
        if (name == null || name.isBlank() || name.trim().length() > 200) {
            throw new InvalidFieldException(prefix + "name", "is required, at most 200 characters");
        }
        if (version == null || version.isBlank() || version.trim().length() > 64) {
            throw new InvalidFieldException(prefix + "version", "is required, at most 64 characters");
        }
        String checksum = sha256 == null ? "" : sha256.trim().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(checksum).matches()) {
            throw new InvalidFieldException(prefix + "sha256", "must be a SHA-256 checksum: 64 hexadecimal digits");
        }
        String where = location == null ? "" : location.trim();
        if (where.length() > 1000 || !LOCATION.matcher(where).matches() || where.contains("..")) {
            throw new InvalidFieldException(prefix + "location", "must be a relative path below the media directory "
                    + "(letters, digits, '.', '_', '-' and '/', no '..') or classpath:<path>");
        }
        ConfigurationItem ci = cmdb.require(ciId, prefix + "ciId");
        String id = numbers.next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                insert into dml_entry (id, name, version, sha256, location, ci_id, source_ref, registered_by, registered_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).params(id, name.trim(), version.trim(), checksum, where, ci.id(), sourceRef, actor, utc(now))
                .update();
        return require(id);
    }

    @Transactional(readOnly = true)
    public Optional<MediaEntry> find(String id) {
        return jdbc.sql("select * from dml_entry where id = ?").param(id).query(MediaLibrary::entry).optional();
    }

    public MediaEntry require(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("Definitive media library entry", id));
    }

    /** The entries, in the order of the ids given. */
    @Transactional(readOnly = true)
    public List<MediaEntry> entries(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<MediaEntry> found = jdbc.sql("select * from dml_entry where id = any(?)")
                .param(new SqlArrayValue("varchar", ids.toArray())).query(MediaLibrary::entry).list();
        return ids.stream().flatMap(id -> found.stream().filter(e -> e.id().equals(id))).toList();
    }

    /** The media library entries the CI's record references, newest first (R-9.1f). */
    @Transactional(readOnly = true)
    public List<MediaEntry> ofCi(String ciId) {
        return jdbc.sql("select * from dml_entry where ci_id = ? order by registered_at desc, id desc").param(ciId)
                .query(MediaLibrary::entry).list();
    }

    private static MediaEntry entry(ResultSet rs, int row) throws SQLException {
        return new MediaEntry(rs.getString("id"), rs.getString("name"), rs.getString("version"),
                rs.getString("sha256"), rs.getString("location"), rs.getString("ci_id"), rs.getString("source_ref"),
                rs.getString("registered_by"), instant(rs, "registered_at"));
    }
}
