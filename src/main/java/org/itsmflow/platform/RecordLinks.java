package org.itsmflow.platform;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The links between records that one feature keeps in its own tables: a problem's incidents, known error and change,
 * a complaint's incident or change, a release's changes, known errors and problems. Each such feature contributes one
 * bean; {@link LinkedRecords} asks them all, so a record's page shows its links whichever side recorded them, and no
 * feature reads another's tables.
 */
public interface RecordLinks {

    /** The links this feature records that start or end at {@code recordId}; empty when it keeps none. */
    List<RecordLink> linksOf(String recordId);

    /** One recorded link, read as "{@code from} {@code relation} {@code to}" (PRB-000003 investigates INC-000012). */
    record RecordLink(String from, String relation, String to) {
    }

    /** A feature's links read from its own tables: {@link #collect} adds those of one record id. */
    abstract class FromTables implements RecordLinks {

        protected final JdbcClient jdbc;

        protected FromTables(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public final List<RecordLink> linksOf(String recordId) {
            List<RecordLink> links = new ArrayList<>();
            if (recordId != null) {
                collect(recordId, links);
            }
            return links;
        }

        /** Adds the links this feature records that start or end at {@code recordId} (never null). */
        protected abstract void collect(String recordId, List<RecordLink> links);
    }
}
