package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.ProcessEngine;
import org.itsmflow.platform.GroupVisibilityProcess;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * People's first steps in the Camunda webapps, in headless Chromium against the running application: a manager
 * sees the deployed processes (the documented procedures, R-3.2) in Cockpit, a service-desk agent sees her team's
 * task in Tasklist but never another team's, and a customer cannot open Cockpit.
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class WebappsBrowserTest {

    @Autowired
    ProcessEngine engine;

    @AfterEach
    void removeTestProcess() {
        GroupVisibilityProcess.undeploy(engine);
    }

    @Test
    @DisplayName("R-3.2: a major-incident manager sees every deployed process in Cockpit")
    void managerSeesDeployedProcessesInCockpit_R3_2(Browser browser) {
        GroupVisibilityProcess.deploy(engine);
        long deployed = engine.getRepositoryService().createProcessDefinitionQuery().latestVersion().count();

        browser.open("cockpit").login("mike", "mike");

        // the counter shows 0 until Cockpit's statistics request returns: wait for the engine's figure, then compare
        try {
            browser.until(d -> Long.valueOf(deployed).equals(deployedProcesses(d)));
        } catch (TimeoutException e) {
            // fall through: the assertion below reports what Cockpit showed
        }
        assertThat(deployedProcesses(browser.driver())).isEqualTo(deployed).isPositive();
        assertThat(browser.accountName()).contains("Mike");
    }

    @Test
    @DisplayName("A service-desk agent sees her filters and her team's task in Tasklist, never the network team's")
    void serviceDeskAgentSeesOnlyHerTeamsTaskInTasklist(Browser browser) {
        GroupVisibilityProcess.Instance instance = GroupVisibilityProcess.start(engine, "browser-tasklist");
        String serviceDeskTask = instance.serviceDeskTask().getId();
        String networkTask = instance.networkTask().getId();

        browser.open("tasklist").login("sara", "sara").waitForTasklist();
        assertThat(browser.tasklistFilters()).contains("My tasks", "My groups' tasks", "Service desk tasks")
                .doesNotContain("Network team tasks");

        browser.selectFilter("Service desk tasks");
        browser.until(d -> !d.findElements(taskLink(serviceDeskTask)).isEmpty());
        assertThat(browser.driver().findElements(taskLink(networkTask))).isEmpty();
        assertThat(browser.driver().findElement(By.cssSelector(".tasks-list")).getText())
                .contains("Check request at service desk").doesNotContain("Check network link");

        browser.selectFilter("My groups' tasks");
        browser.until(d -> !d.findElements(taskLink(serviceDeskTask)).isEmpty());
        assertThat(browser.driver().findElements(taskLink(networkTask))).isEmpty();
    }

    @Test
    @DisplayName("A customer cannot log in to Cockpit")
    void customerCannotOpenCockpit(Browser browser) {
        browser.open("cockpit").submitLogin("kate", "kate");

        String notice = browser.until(d -> d.findElements(By.cssSelector(".notifications .alert, .alert-danger, .alert-error"))
                .stream().map(e -> e.getText().trim()).filter(t -> !t.isEmpty()).findFirst().orElse(null));
        assertThat(notice).containsIgnoringCase("login");
        assertThat(browser.driver().findElements(By.cssSelector("form[name=signinForm]"))).isNotEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("li.account a.dropdown-toggle")))
                .allSatisfy(e -> assertThat(e.getText()).doesNotContain("Kate"));
    }

    private static Long deployedProcesses(WebDriver d) {
        return d.findElements(By.cssSelector("section.deployed .stats-section.processes a.value")).stream()
                .map(e -> e.getText().trim()).filter(t -> t.matches("\\d+")).map(Long::valueOf).findFirst().orElse(null);
    }

    private static By taskLink(String taskId) {
        return By.cssSelector(".tasks-list li.task a[href*='task=" + taskId + "']");
    }
}
