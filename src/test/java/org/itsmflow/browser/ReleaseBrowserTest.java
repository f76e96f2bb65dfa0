package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.release.NewRelease;
import org.itsmflow.release.Release;
import org.itsmflow.release.ReleaseFixtures;
import org.itsmflow.release.ReleaseMedia;
import org.itsmflow.release.ReleaseService;
import org.itsmflow.release.ReleaseStatus;
import org.itsmflow.release.ReleaseType;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A release manager's path through Tasklist: rita opens the authorisation task of a release someone else planned,
 * sees its deliverables with their checksums, its RFC, its known error, the policy and the waves, claims it and
 * authorises it; the release moves on to the service owner with her authorisation recorded. Later, with the
 * release deployed, she rolls it back from its Watch release task.
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class ReleaseBrowserTest {

    static final String FORM = "[cam-tasklist-form-camunda] .fjs-container ";

    @Autowired
    ProcessEngine engine;
    @Autowired
    ReleaseService releases;
    @Autowired
    ChangeService changes;
    @Autowired
    CmdbService cmdb;
    @Autowired
    ReleaseMedia media;

    @Test
    @DisplayName("R-10.1b R-10.1d a release manager reviews a release plan in Tasklist and authorises it")
    void releaseManagerAuthorises(Browser browser) {
        String ci = ReleaseFixtures.newCi(cmdb, "UI");
        Change change = ReleaseFixtures.approvedChange(changes, ChangeType.STANDARD, ci);
        NewRelease.Deliverable deliverable = ReleaseFixtures.deliverable(media, ci, "portal.war");
        Release release = releases.plan(ReleaseFixtures.plan("Portal 10", ReleaseType.MAJOR, List.of(deliverable),
                List.of(change.id()), List.of("KE-000001"), List.of(ci), ReleaseFixtures.sites(3)), "demo");
        Task authorise = engine.getTaskService().createTaskQuery().processInstanceId(release.processInstanceId())
                .taskDefinitionKey("UserTask_AuthoriseByReleaseManager").singleResult();
        assertThat(authorise).isNotNull();

        browser.open("tasklist").login("rita", "rita").waitForTasklist();
        browser.openPath("/camunda/app/tasklist/default/#/?task=" + authorise.getId());
        browser.until(d -> value(d, "deliverablesText").contains(deliverable.sha256()));
        assertThat(value(browser.driver(), "releaseTitle")).contains(release.id()).contains("Portal 10");
        assertThat(value(browser.driver(), "changesText")).contains(change.id());
        assertThat(value(browser.driver(), "knownErrorsText")).contains("KE-000001");
        assertThat(value(browser.driver(), "policyText")).contains("3 wave(s)");
        assertThat(value(browser.driver(), "plannerText")).isEqualTo("demo");

        browser.driver().findElement(By.cssSelector("button.claim")).click();
        click(browser, browser.until(d -> {
            List<WebElement> radios = d.findElements(By.cssSelector(FORM + "input[type=radio][id*='_authorisation-']"));
            return radios.size() == 2 && radios.get(0).isEnabled() ? radios : null;
        }).get(0)); // Approve
        click(browser, browser.driver().findElement(By.cssSelector(".form-actions button.btn-primary")));

        browser.until(d -> engine.getTaskService().createTaskQuery().taskId(authorise.getId()).count() == 0);
        Release after = releases.require(release.id());
        assertThat(after.releaseManager()).isEqualTo("rita");
        assertThat(after.releaseManagerNote()).startsWith("APPROVE by release manager rita");
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(release.processInstanceId())
                .taskDefinitionKey("UserTask_AuthoriseByServiceOwner").count()).isEqualTo(1);
        assertThat(releases.view(release.id()).journal()).anyMatch(j -> "RELEASE_MANAGER_APPROVE".equals(j.code())
                && "rita".equals(j.actor()));
    }

    @Test
    @DisplayName("R-10.1c a release manager rolls a deployed release back from its Watch release task in Tasklist")
    void releaseManagerRollsBackDuringWatch(Browser browser) {
        String ci = ReleaseFixtures.newCi(cmdb, "UIWATCH");
        Change change = ReleaseFixtures.approvedChange(changes, ChangeType.STANDARD, ci);
        Release release = releases.plan(ReleaseFixtures.plan("Intranet 3", ReleaseType.MINOR,
                List.of(ReleaseFixtures.deliverable(media, ci, "intranet.war")), List.of(change.id()), List.of(),
                List.of(ci), ReleaseFixtures.sites(2)), "demo");
        String pi = release.processInstanceId();
        complete(pi, "UserTask_AuthoriseByReleaseManager", "rita", Map.of("authorisation", "APPROVE"));
        complete(pi, "UserTask_AuthoriseByServiceOwner", "olivia", Map.of("authorisation", "APPROVE"));
        complete(pi, "UserTask_TestRelease", "rita", Map.of("acceptanceResult", "PASS"));
        EngineJobs.runDue(engine, pi);
        Task watch = ReleaseFixtures.task(engine, pi, "UserTask_WatchRelease");
        assertThat(watch).as("the release is deployed and watched").isNotNull();

        browser.open("tasklist").login("rita", "rita").waitForTasklist();
        browser.openPath("/camunda/app/tasklist/default/#/?task=" + watch.getId());
        browser.until(d -> value(d, "releaseTitle").contains(release.id()));
        assertThat(value(browser.driver(), "cisText")).isEqualTo(ci);
        browser.claimAndWaitForForm().typeIntoForm("rollbackReason", "users cannot log in since the release")
                .completeForm();

        browser.until(d -> engine.getTaskService().createTaskQuery().taskId(watch.getId()).count() == 0);
        EngineJobs.runDue(engine, pi);
        Release after = releases.require(release.id());
        assertThat(after.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
        assertThat(after.rollbackReason())
                .isEqualTo("requested by rita during the watch period: users cannot log in since the release");
    }

    private void complete(String processInstanceId, String key, String user, Map<String, Object> variables) {
        Task task = ReleaseFixtures.task(engine, processInstanceId, key);
        assertThat(task).as("task " + key).isNotNull();
        engine.getTaskService().claim(task.getId(), user);
        engine.getTaskService().complete(task.getId(), variables);
    }

    private static String value(WebDriver d, String key) {
        return d.findElements(By.cssSelector(FORM + "textarea[id$='_" + key + "'], " + FORM + "input[id$='_" + key
                + "']")).stream().map(e -> e.getAttribute("value")).filter(v -> v != null).findFirst().orElse("");
    }

    private static void click(Browser browser, WebElement element) {
        browser.until(d -> element.isEnabled());
        ((JavascriptExecutor) browser.driver()).executeScript(
                "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element);
    }
}
