package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A service-desk agent's path through Tasklist: the triage task of an incident raised through the API shows the
 * incident's data (CI, priority and why, SLA due times), and she confirms it, which routes the incident on.
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class IncidentTriageBrowserTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    IncidentService incidents;

    @Test
    @DisplayName("R-8.2b R-8.2d a service-desk agent triages an incident raised through the API in Tasklist")
    void serviceDeskAgentTriagesIncident(Browser browser) {
        Incident incident = incidents.report(new NewIncident("Invoices cannot be posted", "Timeout when posting",
                "erp", "APP-ERP", "software", Level.HIGH, Level.MEDIUM, "kate"), "kate");
        String processInstanceId = incident.processInstanceId();
        for (Job job : engine.getManagementService().createJobQuery().processInstanceId(processInstanceId)
                .executable().list()) {
            engine.getManagementService().executeJob(job.getId());
        }
        Task triage = engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId)
                .taskDefinitionKey("UserTask_TriageIncident").singleResult();
        assertThat(triage).isNotNull();

        browser.open("tasklist").login("sara", "sara").waitForTasklist();
        browser.openPath("/camunda/app/tasklist/default/#/?task=" + triage.getId());
        browser.until(d -> !d.findElements(field("ciName")).isEmpty()
                && !value(d.findElement(field("ciName"))).isEmpty());

        assertThat(value(browser.driver().findElement(field("incidentId")))).isEqualTo(incident.id());
        assertThat(value(browser.driver().findElement(field("ciId")))).isEqualTo("APP-ERP");
        assertThat(value(browser.driver().findElement(field("ciName")))).contains("APPLICATION");
        assertThat(value(browser.driver().findElement(field("priority")))).isEqualTo("P2");
        assertThat(value(browser.driver().findElement(field("priorityReason")))).startsWith("P2");
        assertThat(value(browser.driver().findElement(field("slaSummary")))).contains("Response due")
                .contains("Resolution due");
        assertThat(value(browser.driver().findElement(By.cssSelector("textarea[id$='-ciImpactSummary'], textarea[id$='_ciImpactSummary']"))))
                .contains("Services affected");

        browser.driver().findElement(By.cssSelector("button.claim")).click();
        click(browser, browser.until(d -> {
            List<WebElement> radios = d.findElements(By.cssSelector("input[type=radio][id*='triageDecision']"));
            return !radios.isEmpty() && radios.get(0).isEnabled()
                && d.findElements(By.cssSelector(".fjs-container .fjs-form.fjs-disabled")).isEmpty() ? radios : null;
        }).get(0));
        click(browser, browser.driver().findElement(By.cssSelector(".form-actions button.btn-primary")));

        browser.until(d -> engine.getTaskService().createTaskQuery().taskId(triage.getId()).count() == 0);
        for (Job job : engine.getManagementService().createJobQuery().processInstanceId(processInstanceId)
                .executable().list()) {
            engine.getManagementService().executeJob(job.getId()); // "Notify customer of progress"
        }
        Task resolve = engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId)
                .taskDefinitionKey("UserTask_ResolveIncident").singleResult();
        assertThat(resolve).isNotNull();
        assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(triage.getId()).singleResult()
                .getAssignee()).isEqualTo("sara");
    }

    @Test
    @DisplayName("Tasklist: two incidents' triage tasks are told apart by number, title and priority in sara's list")
    void serviceDeskListTellsIncidentsApart(Browser browser) {
        Incident urgent = reported(new NewIncident("Invoices cannot be posted", "Timeout when posting", "erp", "APP-ERP",
                "software", Level.HIGH, Level.MEDIUM, "kate"));
        Incident minor = reported(new NewIncident("Shop search is slow", "Results take ten seconds", "online-shop",
                null, "software", Level.LOW, Level.LOW, "lee"));
        assertThat(urgent.priority()).isEqualTo("P2");
        assertThat(minor.priority()).isEqualTo("P4");

        browser.open("tasklist").login("sara", "sara").waitForTasklist().selectFilter("My groups' tasks");
        WebElement urgentCard = card(browser, urgent);
        WebElement minorCard = card(browser, minor);

        assertThat(urgentCard.findElement(By.cssSelector("h4.task a")).getText().trim())
                .isEqualTo("Triage incident " + urgent.id() + ": Invoices cannot be posted");
        assertThat(minorCard.findElement(By.cssSelector("h4.task a")).getText().trim())
                .isEqualTo("Triage incident " + minor.id() + ": Shop search is slow");
        assertThat(urgentCard.findElement(By.cssSelector(".priority")).getText().trim()).isEqualTo("75");
        assertThat(minorCard.findElement(By.cssSelector(".priority")).getText().trim()).isEqualTo("25");
        // both are due at their response target, so the list shows (and sorts and filters by) a due date
        assertThat(urgentCard.findElements(By.cssSelector(".due-date"))).isNotEmpty();
        assertThat(minorCard.findElements(By.cssSelector(".due-date"))).isNotEmpty();
    }

    /** Reports an incident through the service and runs what its process does before triage. */
    private Incident reported(NewIncident incident) {
        Incident recorded = incidents.report(incident, incident.reportedBy());
        for (Job job : engine.getManagementService().createJobQuery().processInstanceId(recorded.processInstanceId())
                .executable().list()) {
            engine.getManagementService().executeJob(job.getId());
        }
        return recorded;
    }

    /** The card of the incident's task in the Tasklist list (the newest tasks come first). */
    private static WebElement card(Browser browser, Incident incident) {
        return browser.until(d -> d.findElements(By.cssSelector(".tasks-list li.task")).stream()
                .filter(li -> li.findElement(By.cssSelector("h4.task a")).getText().contains(incident.id()))
                .findFirst().orElse(null));
    }

    /**
     * Clicks through the DOM: form-js lays its own elements over the native radio inputs and Tasklist's fixed footer
     * covers the bottom of the page, so a pointer click would land on them.
     */
    private static void click(Browser browser, WebElement element) {
        browser.until(d -> element.isEnabled());
        ((JavascriptExecutor) browser.driver()).executeScript(
                "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element);
    }

    private static By field(String key) {
        // form-js ids end with the component's id (Field_<key>) or, for components without one, its key
        String form = "[cam-tasklist-form-camunda] .fjs-container ";
        return By.cssSelector(form + "input[id$='-" + key + "'], " + form + "input[id$='_" + key + "']");
    }

    private static String value(WebElement input) {
        String value = input.getAttribute("value");
        return value == null ? "" : value;
    }
}
