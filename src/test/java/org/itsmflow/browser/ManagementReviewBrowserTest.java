package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.management.ManagementReview;
import org.itsmflow.management.ManagementReviewService;
import org.itsmflow.management.ManagementReviewStatus;
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
 * A service owner's path through Tasklist: olivia opens the management review, reads its inputs on
 * the form, and records attendees, minutes and a decision, which becomes an improvement item.
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class ManagementReviewBrowserTest {

    static final String FORM = "[cam-tasklist-form-camunda] .fjs-container ";

    @Autowired
    ProcessEngine engine;
    @Autowired
    ManagementReviewService reviews;
    @Autowired
    ImprovementRegister improvements;

    @Test
    @DisplayName("R-3.1 R-4.4 olivia (service owner) holds a management review in Tasklist; her decision becomes an improvement item")
    void serviceOwnerHoldsManagementReview(Browser browser) {
        ManagementReview review = reviews.request("olivia", "Browser test: review out of turn");
        Task hold = engine.getTaskService().createTaskQuery().processInstanceId(review.processInstanceId())
                .taskDefinitionKey("UserTask_HoldReview").singleResult();

        browser.open("tasklist").login("olivia", "olivia").waitForTasklist();
        browser.openPath("/camunda/app/tasklist/default/#/?task=" + hold.getId());
        browser.until(d -> value(d, "conformanceInput").startsWith("Conformance report"));
        assertThat(value(browser.driver(), "slaInput")).contains("SLA clocks stopped");
        assertThat(value(browser.driver(), "startedBy")).contains("olivia");

        claimAndWaitForForm(browser);
        type(browser, "attendees", "olivia (service owner), chris (change manager)");
        type(browser, "minutes", "Reviewed conformance, SLA performance and open audit findings.");
        type(browser, "decisions", "HIGH: Close the open audit findings before the next review");
        complete(browser);
        browser.until(d -> engine.getTaskService().createTaskQuery().taskId(hold.getId()).count() == 0);

        ManagementReview held = reviews.require(review.id());
        assertThat(held.status()).isEqualTo(ManagementReviewStatus.HELD);
        assertThat(held.minutesBy()).isEqualTo("olivia");
        assertThat(held.attendees()).contains("chris");
        assertThat(held.decisions()).singleElement().satisfies(d -> {
            assertThat(d.priority()).isEqualTo("HIGH");
            assertThat(improvements.require(d.improvementId()).sourceRef()).isEqualTo(review.id());
        });
    }

    private static void claimAndWaitForForm(Browser browser) {
        browser.driver().findElement(By.cssSelector("button.claim")).click();
        browser.until(d -> d.findElements(By.cssSelector(".fjs-container .fjs-form.fjs-disabled")).isEmpty()
                && !d.findElements(By.cssSelector(FORM + "textarea:not([readonly])")).isEmpty());
    }

    /**
     * Types into a form-js text field or area. Tasklist may render the form once more right after the claim, dropping
     * what was typed, so the text is typed again into the element found afresh until it stays.
     */
    private static void type(Browser browser, String key, String text) {
        By field = By.cssSelector(String.join(", ", FORM + "textarea[id$='-" + key + "']:not([readonly])",
                FORM + "textarea[id$='_" + key + "']:not([readonly])",
                FORM + "input[id$='-" + key + "']:not([readonly])", FORM + "input[id$='_" + key + "']:not([readonly])"));
        int[] stable = {0};
        browser.until(d -> {
            WebElement element = d.findElements(field).stream().filter(WebElement::isEnabled).findFirst().orElse(null);
            if (element == null) {
                return false;
            }
            if (!text.equals(element.getAttribute("value"))) {
                stable[0] = 0;
                ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
                element.clear();
                element.sendKeys(text);
                return false;
            }
            return ++stable[0] >= 3;
        });
    }

    private static void complete(Browser browser) {
        WebElement button = browser.driver().findElement(By.cssSelector(".form-actions button.btn-primary"));
        browser.until(d -> button.isEnabled());
        ((JavascriptExecutor) browser.driver()).executeScript(
                "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button);
    }

    private static String value(WebDriver d, String key) {
        return d.findElements(By.cssSelector(FORM + "textarea[id$='_" + key + "'], " + FORM + "textarea[id$='-" + key
                + "'], " + FORM + "input[id$='_" + key + "'], " + FORM + "input[id$='-" + key + "']")).stream()
                .map(e -> e.getAttribute("value")).filter(v -> v != null).findFirst().orElse("");
    }
}
