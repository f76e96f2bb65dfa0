package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A service owner opens the monthly service report in the browser: the page names the report and its
 * purpose, shows the SLA attainment and trend charts (inline SVG drawn by the server) and the figures tables with
 * their CSV links.
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class ServiceReportBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SlaClockService clocks;
    @Autowired
    ImprovementRegister register;
    @Autowired
    org.itsmflow.cmdb.CmdbService cmdb;

    @Test
    @DisplayName("R-6.2 a service owner opens the HTML service report with its charts and tables")
    void serviceOwnerOpensTheReport(Browser browser) {
        String service = org.itsmflow.reporting.ReportTestData.seed(jdbc, clocks, register, cmdb);
        // the report API takes HTTP Basic credentials; a top-level navigation may carry them in the address
        browser.driver().get("http://olivia:olivia@localhost:" + port + "/api/reports/services/" + service
                + "?from=2026-10-01&to=2026-11-01");
        WebElement title = browser.until(d -> d.findElements(By.id("report-title")).stream().findFirst().orElse(null));
        assertThat(title.getText()).startsWith("Service report: Report test service").endsWith("2026-10");
        assertThat(browser.driver().findElement(By.cssSelector("dl.identity")).getText()).contains("Purpose")
                .contains("Audience").contains("Data sources");
        List<WebElement> charts = browser.driver().findElements(By.cssSelector(".chart svg"));
        assertThat(charts).hasSizeGreaterThanOrEqualTo(4);
        assertThat(charts).allSatisfy(svg -> assertThat(svg.getSize().getWidth()).isGreaterThan(300));
        assertThat(browser.driver().findElement(By.cssSelector("#section-sla svg")).getText())
                .contains("SLA attainment per priority");
        WebElement attainment = browser.driver().findElement(By.id("table-attainment"));
        assertThat(attainment.getText()).contains("P1 Response P1 Response 2 1 1 50.0");
        assertThat(browser.driver().findElement(By.id("table-availability")).getText()).contains("97.222");
        assertThat(browser.driver().findElement(By.cssSelector("#section-sla a.csv")).getAttribute("href"))
                .contains("/api/reports/services/" + service + "/attainment.csv?from=");
        browser.screenshot("ServiceReportBrowserTest.report");
    }
}
