package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.change.ChangeUrgency;
import org.itsmflow.change.NewChange;
import org.itsmflow.change.ServiceUpdate;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A CAB member's path through Tasklist: her vote task on a major change shows the RFC, its risk and the schedule
 * conflict with the year-end freeze, and she approves; the vote is recorded under her name.
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class CabVoteBrowserTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    ChangeService changes;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    @DisplayName("R-9.2d R-9.2g a CAB member reviews an RFC with its risk and conflicts in Tasklist and votes")
    void cabMemberVotes(Browser browser) {
        Instant windowInFreeze = Instant.parse("2026-12-28T14:00:00Z");
        Change change = changes.raise(new NewChange("Retire the HR portal's old login", "Switch to single sign-on",
                "The old login is out of support", ChangeType.RETIRE_SERVICE, ChangeUrgency.MEDIUM,
                List.of("APP-HR-PORTAL"), windowInFreeze, windowInFreeze.plusSeconds(7200), "1. announce 2. switch off",
                "switch the old login on again", new BigDecimal("800.00"), "one login for everybody", Map.of(),
                new ServiceUpdate("hr-portal", null, null, null, null, null, null, null)), "tom");
        assertThat(change.approvalRoute()).isEqualTo("CAB");
        Task assess = engine.getTaskService().createTaskQuery().processInstanceId(change.processInstanceId())
                .taskDefinitionKey("UserTask_AssessChangeForCab").singleResult();
        engine.getTaskService().complete(assess.getId(), Map.of("riskAssessment", "contained",
                "securityImpact", "none", "continuityImpact", "none"));
        Task vote = engine.getTaskService().createTaskQuery().processInstanceId(change.processInstanceId())
                .taskAssignee("alice").singleResult();
        assertThat(vote).isNotNull();

        browser.open("tasklist").login("alice", "alice").waitForTasklist();
        browser.openPath("/camunda/app/tasklist/default/#/?task=" + vote.getId());
        browser.until(d -> !value(d, "riskLevel").isEmpty());
        assertThat(value(browser.driver(), "changeTitle")).contains(change.id());
        assertThat(value(browser.driver(), "riskLevel")).isEqualTo(change.riskLevel());
        assertThat(value(browser.driver(), "conflictsText")).contains("Year-end closing freeze 2026");
        assertThat(value(browser.driver(), "requester")).isEqualTo("tom");

        click(browser, browser.until(d -> {
            List<WebElement> radios = d.findElements(By.cssSelector("input[type=radio][id*='_vote-']"));
            return radios.size() == 3 && radios.get(0).isEnabled() ? radios : null;
        }).get(0)); // Approve
        click(browser, browser.driver().findElement(By.cssSelector(".form-actions button.btn-primary")));

        browser.until(d -> engine.getTaskService().createTaskQuery().taskId(vote.getId()).count() == 0);
        assertThat(jdbc.queryForList("select voter, vote from change_vote where change_id = ?", change.id()))
                .containsExactly(Map.of("voter", "alice", "vote", "APPROVE"));
    }

    /** The value of a form field (input or textarea) by its key; form-js ids end with the component id. */
    private static String value(org.openqa.selenium.WebDriver driver, String key) {
        String form = "[cam-tasklist-form-camunda] .fjs-container ";
        List<WebElement> fields = driver.findElements(By.cssSelector(form + "input[id$='_" + key + "'], " + form
                + "textarea[id$='_" + key + "']"));
        if (fields.isEmpty()) {
            return "";
        }
        String value = fields.get(0).getAttribute("value");
        return value == null ? "" : value;
    }

    private static void click(Browser browser, WebElement element) {
        browser.until(d -> element.isEnabled());
        ((JavascriptExecutor) browser.driver()).executeScript(
                "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element);
    }
}
