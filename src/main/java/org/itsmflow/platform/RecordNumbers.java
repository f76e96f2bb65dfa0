package org.itsmflow.platform;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.jdbc.support.incrementer.DataFieldMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.H2SequenceMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.PostgresSequenceMaxValueIncrementer;
import org.springframework.stereotype.Component;

/**
 * Human record ids ({@code INC-000123}, {@code CHG-000045}) from database sequences that Liquibase creates, on
 * PostgreSQL and H2 alike. Numbers are never reused; a rolled-back transaction leaves a gap.
 */
@Component
public class RecordNumbers {

    private final DataSource dataSource;
    private final boolean postgres;

    RecordNumbers(DataSource dataSource) throws MetaDataAccessException {
        this.dataSource = dataSource;
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, "getDatabaseProductName");
        this.postgres = product.toLowerCase().contains("postgres");
    }

    /** A generator of ids {@code <prefix>-000001}, … from the sequence {@code sequenceName}. */
    public Sequence sequence(String sequenceName, String prefix) {
        DataFieldMaxValueIncrementer incrementer = postgres
                ? new PostgresSequenceMaxValueIncrementer(dataSource, sequenceName)
                : new H2SequenceMaxValueIncrementer(dataSource, sequenceName);
        return new Sequence(incrementer, prefix);
    }

    /** Hands out the next id of one kind of record. */
    public static final class Sequence {
        private final DataFieldMaxValueIncrementer incrementer;
        private final String prefix;

        private Sequence(DataFieldMaxValueIncrementer incrementer, String prefix) {
            this.incrementer = incrementer;
            this.prefix = prefix;
        }

        public String next() {
            return prefix + "-%06d".formatted(incrementer.nextLongValue());
        }
    }
}
