package org.itsmflow.reporting;

import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.servicelevel.SlaClockService;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Seeds {@link ServiceReportFixture}'s data set for tests outside this package (the browser test). */
public final class ReportTestData {

    private ReportTestData() {
    }

    /** @return the id of the seeded service */
    public static String seed(JdbcClient jdbc, SlaClockService clocks, ImprovementRegister register,
            org.itsmflow.cmdb.CmdbService cmdb) {
        return new ServiceReportFixture(jdbc, clocks, register, cmdb).seed().serviceId;
    }
}
