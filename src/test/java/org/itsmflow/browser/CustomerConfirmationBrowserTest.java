package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A customer's path through Tasklist without the link in her mail: kate logs in, finds the confirmation of her
 * resolved incident in her "My requests" filter, opens it from the list, confirms the resolution and the incident
 * moves on to closure.
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class CustomerConfirmationBrowserTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    IncidentService incidents;

    @Test
    @DisplayName("R-8.2c kate finds her confirmation task in her \"My requests\" filter and confirms the resolution")
    void customerFindsAndCompletesHerConfirmation(Browser browser) {
        Incident incident = incidents.report(new NewIncident("Printer on floor 3 jams", "Every second page jams",
                "email", null, "software", Level.LOW, Level.MEDIUM, "kate"), "kate");
        String instance = incident.processInstanceId();
        complete(instance, "UserTask_TriageIncident", "triageDecision", "CONFIRM");
        complete(instance, "UserTask_ResolveIncident", "resolution", "RESOLVED", "resolutionNote",
                "Replaced the worn pickup roller");
        Task confirm = task(instance, "UserTask_ConfirmResolution");

        browser.open("tasklist").login("kate", "kate").waitForTasklist();
        assertThat(browser.tasklistFilters()).contains("My requests");
        browser.selectFilter("My requests");
        By link = By.cssSelector(".tasks-list .task [href*='#/?task=" + confirm.getId() + "']");
        WebElement inList = browser.until(d -> d.findElements(link).stream().findFirst().orElse(null));
        assertThat(inList.getText()).contains("Confirm resolution");
        click(browser, inList);

        browser.until(d -> incident.id().equals(value(d.findElements(field("incidentId")))));
        assertThat(value(browser.driver().findElements(field("incidentTitle")))).isEqualTo("Printer on floor 3 jams");
        browser.claimAndWaitForForm();
        click(browser, browser.until(d -> {
            List<WebElement> radios = d.findElements(By.cssSelector(
                    Browser.TASK_FORM + "input[type=radio][id*='customerConfirmation']"));
            return radios.isEmpty() || !radios.get(0).isEnabled() ? null : radios.get(0);
        }));
        browser.typeIntoForm("customerComment", "Prints fine again, thank you");
        browser.completeForm();

        browser.until(d -> engine.getTaskService().createTaskQuery().taskId(confirm.getId()).count() == 0);
        browser.until(d -> d.findElements(link).isEmpty());
        assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(confirm.getId())
                .singleResult().getAssignee()).isEqualTo("kate");
        assertThat(task(instance, "UserTask_CloseIncident")).as("confirmed, the incident goes to closure").isNotNull();
    }

    private void complete(String instance, String taskKey, Object... variables) {
        EngineJobs.runDue(engine, instance);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            values.put((String) variables[i], variables[i + 1]);
        }
        engine.getTaskService().complete(task(instance, taskKey).getId(), values);
        EngineJobs.runDue(engine, instance);
    }

    private Task task(String instance, String key) {
        return engine.getTaskService().createTaskQuery().processInstanceId(instance).taskDefinitionKey(key)
                .singleResult();
    }

    /** Clicks through the DOM: form-js lays its own elements over native radios, Tasklist's footer covers the page's foot. */
    private static void click(Browser browser, WebElement element) {
        ((JavascriptExecutor) browser.driver()).executeScript(
                "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element);
    }

    private static By field(String key) {
        return By.cssSelector(Browser.TASK_FORM + "input[id$='-" + key + "'], " + Browser.TASK_FORM + "input[id$='_"
                + key + "']");
    }

    private static String value(List<WebElement> inputs) {
        return inputs.stream().map(e -> e.getAttribute("value")).filter(v -> v != null).findFirst().orElse("");
    }
}
