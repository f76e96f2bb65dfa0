package org.itsmflow.problem;

import java.util.List;

import org.itsmflow.platform.RecordLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What problem management links: a problem's incidents, its known error and the change that fixes it. */
@Component
class ProblemLinks extends RecordLinks.FromTables {

    static final String INVESTIGATES = "investigates";
    static final String RECORDED = "recorded known error";
    static final String FIXED_BY = "is fixed by";

    ProblemLinks(JdbcClient jdbc) {
        super(jdbc);
    }

    @Override
    protected void collect(String recordId, List<RecordLink> links) {
        if (recordId.startsWith("INC-")) {
            jdbc.sql("select problem_id from problem_incident where incident_id = ? order by problem_id")
                    .param(recordId).query(String.class).list()
                    .forEach(problem -> links.add(new RecordLink(problem, INVESTIGATES, recordId)));
        } else if (recordId.startsWith("PRB-")) {
            jdbc.sql("select known_error_id, change_id from problem where id = ?").param(recordId)
                    .query((rs, n) -> {
                        if (rs.getString("known_error_id") != null) {
                            links.add(new RecordLink(recordId, RECORDED, rs.getString("known_error_id")));
                        }
                        if (rs.getString("change_id") != null) {
                            links.add(new RecordLink(recordId, FIXED_BY, rs.getString("change_id")));
                        }
                        return null;
                    }).list();
            jdbc.sql("select incident_id from problem_incident where problem_id = ? order by incident_id")
                    .param(recordId).query(String.class).list()
                    .forEach(incident -> links.add(new RecordLink(recordId, INVESTIGATES, incident)));
        } else if (recordId.startsWith("KE-")) {
            jdbc.sql("""
                    select id from problem where known_error_id = ?
                    union select problem_id from known_error where id = ? and problem_id is not null
                    order by 1""").params(recordId, recordId).query(String.class).list()
                    .forEach(problem -> links.add(new RecordLink(problem, RECORDED, recordId)));
        } else if (recordId.startsWith("CHG-")) {
            jdbc.sql("select id from problem where change_id = ? order by id").param(recordId).query(String.class)
                    .list().forEach(problem -> links.add(new RecordLink(problem, FIXED_BY, recordId)));
        }
    }
}
