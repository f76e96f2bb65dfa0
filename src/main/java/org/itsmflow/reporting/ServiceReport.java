package org.itsmflow.reporting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A service report for one service or for all services and a period {@code [from, to)}: its identity,
 * purpose, audience and data sources, and its sections (SLA performance, availability, non-conformances, workload,
 * major events, trend analyses, customer satisfaction, improvements, releases).
 *
 * @param reportId the stored report's id ({@code RPT-000001}) when the monthly process generated it, else null
 * @param serviceId null for the report of all services
 */
public record ServiceReport(String reportId, String title, String serviceId, String serviceName, Instant from,
        Instant to, Instant generatedAt, String purpose, String audience, List<String> dataSources,
        List<ReportSection> sections) {

    public Optional<ReportTable> table(String name) {
        return sections.stream().flatMap(s -> s.tables().stream()).filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<ReportSection> section(String key) {
        return sections.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public List<String> tableNames() {
        return sections.stream().flatMap(s -> s.tables().stream()).map(ReportTable::name).toList();
    }
}
