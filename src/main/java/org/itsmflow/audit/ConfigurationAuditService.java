package org.itsmflow.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.itsmflow.cmdb.CiHistoryEntry;
import org.itsmflow.cmdb.CiPage;
import org.itsmflow.cmdb.CiStatus;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.ConfigurationItem;
import org.itsmflow.platform.InvalidFieldException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The configuration audit (R-9.1i): compares the CMDB with what the rules and the auditor find. An automated check
 * of every CI that is not retired records its deficiencies — no owner (R-9.1a), neither supporting a service nor
 * related to any CI (R-9.1c), changed in the audited period without a change record (R-9.1g) — and picks a sample
 * for physical verification; the auditor's verification adds a deficiency for each sampled CI found missing or
 * different. Reporting turns every deficiency into an improvement item (corrective action, R-4.4).
 */
@Service
public class ConfigurationAuditService {

    /** How many CIs the auditor verifies by hand. */
    static final int SAMPLE_SIZE = 5;
    /** At most this many deficiencies are recorded by one automated check (the figure names the rest). */
    static final int MAX_DEFICIENCIES = 200;
    static final Pattern VERIFICATION = Pattern.compile(
            "(?i)^\\s*([A-Z0-9]+(?:-[A-Z0-9]+)*)\\s*[:|]\\s*(FOUND|MISSING|DIFFERENT)\\b\\s*[:|\\-]?\\s*(.*)$");

    private final AuditService audits;
    private final CmdbService cmdb;

    ConfigurationAuditService(AuditService audits, CmdbService cmdb) {
        this.audits = audits;
        this.cmdb = cmdb;
    }

    /** What the automated check found and which CIs the auditor is to verify. */
    public record CheckResult(int checked, int deficiencies, List<String> sample) {
    }

    /** The automated check of every CI that is not retired, and the sample for verification (R-9.1i). */
    @Transactional
    public CheckResult checkCmdb(String auditId) {
        Audit audit = audits.require(auditId);
        List<ConfigurationItem> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            CiPage found = cmdb.search(null, null, null, page, CmdbService.MAX_PAGE_SIZE);
            found.items().stream().filter(ci -> ci.status() != CiStatus.RETIRED).forEach(items::add);
            if ((long) (page + 1) * CmdbService.MAX_PAGE_SIZE >= found.total()) {
                break;
            }
        }
        int deficiencies = 0;
        for (ConfigurationItem ci : items) {
            for (String[] deficiency : deficiencies(ci, audit)) {
                if (deficiencies++ < MAX_DEFICIENCIES) {
                    audits.addFinding(auditId, Severity.valueOf(deficiency[0]), deficiency[2], deficiency[1], ci.id(),
                            "system");
                }
            }
        }
        List<ConfigurationItem> sample = new ArrayList<>(items);
        Collections.shuffle(sample, new Random(auditId.hashCode()));
        return new CheckResult(items.size(), deficiencies, sample.stream().limit(SAMPLE_SIZE)
                .map(ConfigurationItem::id).sorted().toList());
    }

    /** Severity, requirement and text of each deficiency of one CI. */
    private List<String[]> deficiencies(ConfigurationItem ci, Audit audit) {
        List<String[]> found = new ArrayList<>();
        if (ci.ownerGroup() == null || ci.ownerGroup().isBlank()) {
            found.add(new String[] {"MINOR", "R-9.1a", ci.id() + " has no owner group"});
        }
        if (cmdb.servicesOf(List.of(ci.id())).isEmpty() && cmdb.relationships(ci.id()).isEmpty()) {
            found.add(new String[] {"MINOR", "R-9.1c", ci.id() + " supports no service and is related to no CI"});
        }
        List<String> uncontrolled = cmdb.history(ci.id()).stream()
                .filter(entry -> !entry.changedAt().isBefore(audit.periodFrom())
                        && entry.changedAt().isBefore(audit.periodTo()))
                .filter(entry -> entry.changeRef() == null || entry.changeRef().isBlank())
                .map(CiHistoryEntry::ciVersion).map(v -> "v" + v).distinct().toList();
        if (!uncontrolled.isEmpty()) {
            found.add(new String[] {"MAJOR", "R-9.1g", ci.id() + " changed in the period without a change record ("
                    + String.join(", ", uncontrolled) + ")"});
        }
        return found;
    }

    /**
     * The auditor's verification of the sample, one CI a line: {@code SRV-ERP-01: DIFFERENT runs in rack B4}. Every
     * sampled CI needs a line; MISSING is a major deficiency, DIFFERENT a minor one (R-9.1i).
     */
    @Transactional
    public List<AuditFinding> recordVerification(String auditId, String sample, String text, String by) {
        audits.require(auditId);
        Map<String, String[]> results = new LinkedHashMap<>();
        String[] lines = text == null ? new String[0] : text.strip().split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Matcher m = VERIFICATION.matcher(lines[i]);
            if (!m.matches()) {
                throw new InvalidFieldException(AuditVariables.VERIFICATION, "line " + (i + 1)
                        + " must read 'CI id: FOUND, MISSING or DIFFERENT, then a note'");
            }
            String ciId = m.group(1).toUpperCase(Locale.ROOT);
            cmdb.require(ciId, AuditVariables.VERIFICATION);
            results.put(ciId, new String[] {m.group(2).toUpperCase(Locale.ROOT), m.group(3).strip()});
        }
        for (String ciId : sampleIds(sample)) {
            if (!results.containsKey(ciId)) {
                throw new InvalidFieldException(AuditVariables.VERIFICATION, "has no result for sampled CI " + ciId);
            }
        }
        List<AuditFinding> recorded = new ArrayList<>();
        results.forEach((ciId, result) -> {
            String note = result[1].isEmpty() ? "" : ": " + result[1];
            if ("MISSING".equals(result[0])) {
                recorded.add(audits.addFinding(auditId, Severity.MAJOR, ciId + " is recorded in the CMDB but was not "
                        + "found" + note, "R-9.1i", ciId, by));
            } else if ("DIFFERENT".equals(result[0])) {
                recorded.add(audits.addFinding(auditId, Severity.MINOR, ciId + " differs from its CMDB record" + note,
                        "R-9.1i", ciId, by));
            }
        });
        return recorded;
    }

    static List<String> sampleIds(String sample) {
        if (sample == null || sample.isBlank()) {
            return List.of();
        }
        return List.of(sample.strip().split("\\s*[,\\n]\\s*")).stream().filter(s -> !s.isBlank()).toList();
    }
}
