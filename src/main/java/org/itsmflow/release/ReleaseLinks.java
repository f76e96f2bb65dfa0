package org.itsmflow.release;

import java.util.List;
import java.util.Map;

import org.itsmflow.platform.RecordLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What a release contains of other records (R-10.1d): its RFCs, the known errors and problems it fixes. */
@Component
class ReleaseLinks extends RecordLinks.FromTables {

    static final String DEPLOYS = "deploys";
    static final String FIXES = "fixes";
    /** The release item kinds that name another record, by the prefix of that record's id. */
    private static final Map<String, String> KINDS = Map.of("CHG-", "CHANGE", "KE-", "KNOWN_ERROR", "PRB-", "PROBLEM");

    ReleaseLinks(JdbcClient jdbc) {
        super(jdbc);
    }

    @Override
    protected void collect(String recordId, List<RecordLink> links) {
        if (recordId.startsWith("REL-")) {
            jdbc.sql("""
                    select kind, ref from release_item where release_id = ? and kind in ('CHANGE', 'KNOWN_ERROR', 'PROBLEM')
                    order by position, ref""").param(recordId).query((rs, n) -> links.add(new RecordLink(recordId,
                    "CHANGE".equals(rs.getString("kind")) ? DEPLOYS : FIXES, rs.getString("ref")))).list();
            return;
        }
        for (Map.Entry<String, String> kind : KINDS.entrySet()) {
            if (recordId.startsWith(kind.getKey())) {
                jdbc.sql("select release_id from release_item where kind = ? and ref = ? order by release_id")
                        .params(kind.getValue(), recordId).query(String.class).list()
                        .forEach(release -> links.add(new RecordLink(release,
                                "CHANGE".equals(kind.getValue()) ? DEPLOYS : FIXES, recordId)));
            }
        }
    }
}
