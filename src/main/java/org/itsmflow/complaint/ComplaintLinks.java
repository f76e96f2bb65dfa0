package org.itsmflow.complaint;

import java.util.List;

import org.itsmflow.platform.RecordLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What a complaint refers to: the incident or change it is about. */
@Component
class ComplaintLinks extends RecordLinks.FromTables {

    static final String ABOUT = "is about";

    ComplaintLinks(JdbcClient jdbc) {
        super(jdbc);
    }

    @Override
    protected void collect(String recordId, List<RecordLink> links) {
        if (recordId.startsWith("CMP-")) {
            jdbc.sql("select incident_id, change_id from complaint where id = ?").param(recordId).query((rs, n) -> {
                for (String column : List.of("incident_id", "change_id")) {
                    if (rs.getString(column) != null) {
                        links.add(new RecordLink(recordId, ABOUT, rs.getString(column)));
                    }
                }
                return null;
            }).list();
        } else if (recordId.startsWith("INC-") || recordId.startsWith("CHG-")) {
            String column = recordId.startsWith("INC-") ? "incident_id" : "change_id";
            jdbc.sql("select id from complaint where " + column + " = ? order by id").param(recordId)
                    .query(String.class).list()
                    .forEach(complaint -> links.add(new RecordLink(complaint, ABOUT, recordId)));
        }
    }
}
