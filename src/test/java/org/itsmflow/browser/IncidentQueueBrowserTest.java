package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The service desk's incident queue ({@code /queue/}) in a real browser: behind the Tasklist login, it lists the
 * incidents matching its filters with their SLA state, and links each to its record and its task in Tasklist.
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class IncidentQueueBrowserTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    IncidentService incidents;

    final String word = "queue" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    Incident report(String title, Level impact, Level urgency) {
        Incident incident = incidents.report(new NewIncident(title, "Reported with " + word, "erp", "APP-ERP",
                "software", impact, urgency, "kate"), "kate");
        EngineJobs.runDue(engine, incident.processInstanceId());
        return incident;
    }

    static By row(String id) {
        return By.cssSelector("#incidents tbody tr[data-id='" + id + "']");
    }

    @Test
    @DisplayName("R-8.2a R-8.2c the service desk opens its queue after the Tasklist login, filters it, sees SLA state "
            + "and opens an incident's task")
    void serviceDeskWorksFromTheQueue(Browser browser) {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Incident urgent = report("Ledger cannot be closed", Level.HIGH, Level.MEDIUM);
        Incident minor = report("Report header misaligned", Level.LOW, Level.LOW);
        Task task = engine.getTaskService().createTaskQuery().processInstanceId(urgent.processInstanceId())
                .singleResult();
        // a day later every clock of both is past due
        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(1))));

        browser.openPath("/queue/");
        browser.until(d -> !d.findElements(By.cssSelector("form[name=signinForm]")).isEmpty());
        // the login lands in Tasklist: let it finish loading before leaving it, so the queue's first request does
        // not race Tasklist's own start-up requests in the same session
        browser.login("sara", "sara").waitForTasklist();
        browser.openPath("/queue/?q=" + word);
        browser.until(d -> !d.findElements(row(urgent.id())).isEmpty() && !d.findElements(row(minor.id())).isEmpty());
        assertThat(browser.driver().findElement(By.id("summary")).getText()).isEqualTo("2 incidents");

        WebElement urgentRow = browser.driver().findElement(row(urgent.id()));
        assertThat(urgentRow.getText()).contains("Ledger cannot be closed", urgent.priority(), "erp");
        assertThat(urgentRow.findElement(By.cssSelector(".sla")).getText()).isEqualTo("Breached");
        assertThat(urgentRow.findElement(By.cssSelector("a.record")).getAttribute("href"))
                .endsWith("/api/incidents/" + urgent.id());
        assertThat(urgentRow.findElement(By.cssSelector("a.task")).getAttribute("href"))
                .endsWith("#/?task=" + task.getId());

        // only P1 and P2: the minor incident leaves the list
        browser.driver().findElement(By.cssSelector("input[name=priority][value=P1]")).click();
        browser.driver().findElement(By.cssSelector("input[name=priority][value=P2]")).click();
        new Select(browser.driver().findElement(By.name("status"))).selectByValue("OPEN");
        browser.driver().findElement(By.cssSelector("#filters button[type=submit]")).click();
        browser.until(d -> d.findElements(row(minor.id())).isEmpty() && !d.findElements(row(urgent.id())).isEmpty());
        assertThat(browser.driver().getCurrentUrl()).contains("priority=P1%2CP2");

        browser.driver().findElement(row(urgent.id())).findElement(By.cssSelector("a.task")).click();
        browser.until(d -> d.getCurrentUrl().contains("task=" + task.getId())
                && !d.findElements(By.cssSelector(Browser.TASK_FORM)).isEmpty());
    }
}
