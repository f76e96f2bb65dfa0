package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A service-desk agent whose browser speaks Chinese gets Tasklist and the incident triage form in Chinese; one whose
 * browser speaks English gets both in English (docs/user-guide/chinese.md, docs/adr/0018-forms-in-chinese.md).
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class ChineseTasklistBrowserTest {

    private static final String FORM = Browser.TASK_FORM;

    @Autowired
    ProcessEngine engine;
    @Autowired
    IncidentService incidents;

    @Test
    @DisplayName("a zh-CN browser shows Tasklist and the triage form in Chinese")
    void chineseBrowserSeesChineseTasklistAndTriageForm(@BrowserLanguage("zh-CN") Browser browser) {
        Task triage = triageTask();

        browser.open("tasklist");
        // the login page is already Chinese: its button says "登录" (log in)
        browser.until(d -> d.findElements(By.cssSelector("form[name=signinForm] button[type=submit]")).stream()
                .anyMatch(b -> b.getText().contains("登录")));
        browser.login("sara", "sara").waitForTasklist();
        assertThat(bodyText(browser)).contains("启动流程"); // "Start process"

        browser.openPath("/camunda/app/tasklist/default/#/?task=" + triage.getId());
        String form = formText(browser, "优先级和分派是否正确？"); // "Are priority and routing right?"
        assertThat(form).contains("优先级依据", "受影响的配置项和已知错误", "是 — 确认优先级和处理组")
                .doesNotContain("Why this priority", "Are priority and routing right?");
    }

    @Test
    @DisplayName("an English browser keeps Tasklist and the triage form in English")
    void englishBrowserSeesEnglish(Browser browser) {
        Task triage = triageTask();

        browser.open("tasklist").login("sara", "sara").waitForTasklist();
        assertThat(bodyText(browser)).contains("Start process").doesNotContain("启动流程");

        browser.openPath("/camunda/app/tasklist/default/#/?task=" + triage.getId());
        assertThat(formText(browser, "Are priority and routing right?")).contains("Why this priority")
                .doesNotContain("优先级");
    }

    /** An incident reported by kate, run up to its triage task. */
    private Task triageTask() {
        Incident incident = incidents.report(new NewIncident("Invoices cannot be posted", "Timeout when posting",
                "erp", "APP-ERP", "software", Level.HIGH, Level.MEDIUM, "kate"), "kate");
        for (Job job : engine.getManagementService().createJobQuery()
                .processInstanceId(incident.processInstanceId()).executable().list()) {
            engine.getManagementService().executeJob(job.getId());
        }
        Task triage = engine.getTaskService().createTaskQuery().processInstanceId(incident.processInstanceId())
                .taskDefinitionKey("UserTask_TriageIncident").singleResult();
        assertThat(triage).isNotNull();
        return triage;
    }

    /** The text of the open task's form once it shows {@code expected}. */
    private static String formText(Browser browser, String expected) {
        return browser.until(d -> d.findElements(By.cssSelector(FORM)).stream().map(e -> e.getText())
                .filter(text -> text.contains(expected)).findFirst().orElse(null));
    }

    private static String bodyText(Browser browser) {
        return browser.driver().findElement(By.tagName("body")).getText();
    }
}
