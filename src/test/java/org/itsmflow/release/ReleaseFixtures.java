package org.itsmflow.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.change.ChangeUrgency;
import org.itsmflow.change.NewChange;
import org.itsmflow.cmdb.CiStatus;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.NewCi;

/**
 * What release tests share: fresh CIs of their own (so incidents raised on them disturb nobody), approved changes on
 * them, deliverables whose master copies lie in the media directory, and unique site names.
 */
public final class ReleaseFixtures {

    static final AtomicInteger COUNTER = new AtomicInteger();
    /** Change windows far from the demo freeze windows, six hours apart. */
    static final Instant FIRST_WINDOW = Instant.parse("2026-10-12T00:00:00Z");

    private ReleaseFixtures() {
    }

    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new live application CI of the test's own. */
    public static String newCi(CmdbService cmdb, String label) {
        String id = "RELT-" + unique().toUpperCase() + "-" + label;
        cmdb.create(new NewCi(id, "Release test " + label, "APPLICATION", CiStatus.LIVE, "fra", "secondline",
                Map.of("version", "4.1.0"), null), "carl", "release test fixture", null);
        return id;
    }

    /** A change raised by tom on the CI; a standard one is pre-approved and scheduled at once. */
    public static Change approvedChange(ChangeService changes, ChangeType type, String ciId) {
        Instant start = FIRST_WINDOW.plus(Duration.ofHours(6L * COUNTER.getAndIncrement()));
        return changes.raise(new NewChange("Release test change " + type, "for a release test", "release test",
                type, ChangeUrgency.HIGH, List.of(ciId), start, start.plus(Duration.ofHours(2)), "install",
                "restore", new BigDecimal("10.00"), "tested releases", null, null), "tom");
    }

    /** Writes a master copy below the media directory; returns the deliverable naming it. */
    public static NewRelease.Deliverable deliverable(ReleaseMedia media, String ciId, String name) {
        String location = "reltest-" + unique() + "/" + name;
        byte[] bytes = ("the bytes of " + name + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        write(media.directory().resolve(location), bytes);
        return new NewRelease.Deliverable(name, "4.2.0", ReleaseMedia.sha256(bytes), location, ciId);
    }

    /** Puts a different copy of the deliverable at a site: the wave that installs there must refuse it. */
    public static void tamper(ReleaseMedia media, String site, NewRelease.Deliverable deliverable) {
        write(media.directory().resolve("sites").resolve(site).resolve(deliverable.location()),
                "tampered".getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path path, byte[] bytes) {
        try {
            Files.createDirectories(path.getParent());
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> sites(int count) {
        String prefix = "t" + unique();
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-s" + i).toList();
    }

    public static NewRelease plan(String title, ReleaseType type, List<NewRelease.Deliverable> deliverables,
            List<String> changeIds, List<String> knownErrors, List<String> cis, List<String> sites) {
        return new NewRelease(title, "release test", type, Instant.parse("2026-10-20T22:00:00Z"), deliverables,
                changeIds, knownErrors, List.of(), cis, sites);
    }

    public static Task task(ProcessEngine engine, String processInstanceId, String key) {
        return engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(key)
                .singleResult();
    }
}
