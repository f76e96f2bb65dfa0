package org.itsmflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.servicelevel.Availability;
import org.itsmflow.servicelevel.AvailabilityService;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Report figures checked against the known data set of {@link ServiceReportFixture} (exact counts and percentages
 * computed by hand there), on a service of its own so the shared database's other rows do not disturb them.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceReportFiguresTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SlaClockService clocks;
    @Autowired
    ImprovementRegister register;
    @Autowired
    org.itsmflow.cmdb.CmdbService cmdb;
    @Autowired
    ServiceReportService reports;
    @Autowired
    AvailabilityService availability;

    ServiceReportFixture data;
    ServiceReport report;

    @BeforeAll
    void seed() {
        data = new ServiceReportFixture(jdbc, clocks, register, cmdb).seed();
        report = reports.report(data.serviceId, ServiceReportFixture.FROM, ServiceReportFixture.TO, 3, null);
    }

    ReportTable table(String name) {
        return report.table(name).orElseThrow();
    }

    @Test
    @DisplayName("R-6.2 the report states its identity, purpose, audience and data sources")
    void identity() {
        assertThat(report.title()).isEqualTo("Service report: Report test service " + data.suffix + ", 2026-10");
        assertThat(report.purpose()).contains("service level targets").contains("6.2");
        assertThat(report.audience()).contains("Service owner").contains("auditors");
        assertThat(report.dataSources()).anyMatch(s -> s.contains("sla_clock")).anyMatch(s -> s.contains("service_outage"));
        assertThat(report.tableNames()).contains("attainment", "availability", "outages", "breaches",
                "security-incidents", "workload", "workload-groups", "major-incidents", "major-changes", "trends",
                "change-analysis", "problems", "security-analysis", "satisfaction", "improvements", "releases");
    }

    @Test
    @DisplayName("R-6.1d R-6.2 attainment = clocks met / clocks stopped in the period, per priority and kind")
    void attainment() {
        ReportTable t = table("attainment");
        assertThat(t.lines()).contains(
                "P1 Response|P1|Response|2|1|1|50.0",
                "P1 Resolution|P1|Resolution|2|1|1|50.0",
                "P2 Response|P2|Response|1|1|0|100.0",
                "P2 Resolution|P2|Resolution|1|1|0|100.0",
                "P3 Response|P3|Response|1|1|0|100.0",
                "P3 Resolution|P3|Resolution|0|0|0|-",
                "P4 Response|P4|Response|0|0|0|-");
        assertThat(report.section("sla").orElseThrow().text()).startsWith("5 of 7 SLA targets met (71.4 %)");
    }

    @Test
    @DisplayName("R-6.2 non-conformances: SLA breaches with their recorded cause, and security incidents")
    void nonConformances() {
        assertThat(table("breaches").rows()).hasSize(2);
        assertThat(table("breaches").cell(data.id("A"), "Cause")).isEqualTo("Vendor fix late");
        assertThat(table("breaches").cell(data.id("A"), "Target")).isEqualTo("Resolution");
        assertThat(table("breaches").cell(data.id("B"), "Cause")).isEqualTo("Service desk understaffed");
        assertThat(table("security-incidents").rows()).hasSize(1);
        assertThat(table("security-incidents").cell(data.id("D"), "Category")).isEqualTo("malware");
    }

    @Test
    @DisplayName("R-6.3a availability = agreed service time minus unplanned outage time, across holidays, make-up days and weekends")
    void availability() {
        ReportTable t = table("availability");
        assertThat(t.lines()).containsExactly(data.serviceId + "|Report test service " + data.suffix
                + "|cn-business|8640|240|60|97.222");
        assertThat(table("outages").rows()).hasSize(7);
        assertThat(table("outages").cell(data.serviceId, "Record")).isEqualTo(data.id("L"));
        Availability a = availability.of(data.serviceId, ServiceReportFixture.FROM, ServiceReportFixture.TO);
        assertThat(a.agreedMinutes()).isEqualTo(8640);
        assertThat(a.unplannedDowntimeMinutes()).isEqualTo(240);
        assertThat(a.availabilityPercent()).hasToString("97.222");
        assertThat(a.outages()).filteredOn(o -> o.recordId().equals(data.id("H"))).singleElement()
                .satisfies(o -> assertThat(o.downtimeMinutes()).as("a holiday is no agreed service time").isZero());
        assertThat(a.outages()).filteredOn(o -> o.recordId().equals(data.id("M"))).singleElement()
                .satisfies(o -> assertThat(o.downtimeMinutes()).as("a make-up Saturday is").isEqualTo(60));
    }

    @Test
    @DisplayName("R-6.2 workload: incident, change, release and complaint volumes, per group")
    void workload() {
        assertThat(table("workload").lines()).containsExactly("Incidents|4", "Changes|3", "Releases|0",
                "Complaints|2", "Problems raised|2");
        assertThat(table("workload-groups").lines()).containsExactly("customerrelations|0|2", "network|1|0",
                "security|1|0", "servicedesk|2|0");
    }

    @Test
    @DisplayName("R-6.2 major events: major incidents and major, emergency or failed changes of the period")
    void majorEvents() {
        assertThat(table("major-incidents").rows()).singleElement().satisfies(r -> assertThat(r.get(0))
                .isEqualTo(data.id("A")));
        assertThat(table("major-changes").rows()).extracting(r -> r.get(0))
                .containsExactly(data.id("C3"), data.id("C2"));
    }

    @Test
    @DisplayName("R-9.2h R-8.3e R-10.1i trends over the last periods: volumes and attainment per month")
    void trends() {
        assertThat(table("trends").lines()).containsExactly(
                "2026-08|0|0|0|0|0|-|-",
                "2026-09|1|0|0|0|0|100.0|-",
                "2026-10|4|3|1|2|2|75.0|66.7");
    }

    @Test
    @DisplayName("R-9.2h change analysis: volume, classes, failed changes, recurring changes")
    void changeAnalysis() {
        assertThat(table("change-analysis").lines()).containsExactly("Volume|all|3", "Type|EMERGENCY|1",
                "Type|NORMAL|2", "Class|EMERGENCY|1", "Class|MINOR|2", "Failed or backed out|FAILED, BACKED_OUT|1",
                "Rejected|REJECTED|0", "Recurring|patch mail relay|2");
    }

    @Test
    @DisplayName("R-8.3e problem resolution effectiveness and R-10.1i security incidents by type, volume and impact")
    void problemsAndSecurity() {
        assertThat(table("problems").lines()).containsExactly("Problems raised|2", "Problems closed|1",
                "With a known error|0", "Reopened (recurred after the fix)|0", "Mean days from raised to closed|15.0",
                "Closed without recurrence %|100.0");
        assertThat(table("security-analysis").lines()).containsExactly("Volume|all|1", "Type|malware|1",
                "Impact|HIGH|1");
    }

    @Test
    @DisplayName("R-7.2e R-6.2 customer satisfaction analysis and R-4.4 open and closed improvement items")
    void satisfactionAndImprovements() {
        assertThat(table("satisfaction").lines()).containsExactly(data.serviceId + "||3|3.33|1");
        assertThat(report.section("satisfaction").orElseThrow().text()).contains("average score 3.33");
        assertThat(table("improvements").rows()).hasSize(2);
        assertThat(table("improvements").cell(data.openImprovement, "Open/closed")).isEqualTo("open");
        assertThat(table("improvements").cell(data.doneImprovement, "Open/closed")).isEqualTo("closed");
        assertThat(table("releases").rows()).as("no release touched the fixture's service").isEmpty();
    }
}
