package org.itsmflow.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driving the Camunda webapps of the application under test. Uses Debian's
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} when present (CI, this machine); otherwise Selenium
 * Manager finds or downloads a browser (developer machines with internet). Every browser gets a fresh profile, so
 * no login session leaks from one test into the next (Tasklist and Cockpit share one session).
 */
public final class Browser implements AutoCloseable {

    /** Upper bound for any wait; a wait ends as soon as its condition holds. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final By LOGIN_FORM = By.cssSelector("form[name=signinForm]");
    private static final By ACCOUNT = By.cssSelector("li.account a.dropdown-toggle");

    private final String baseUrl;
    private final Path profile;
    private final WebDriver driver;

    /** Starts a browser for the application at {@code baseUrl} (e.g. {@code http://localhost:8080}), in English. */
    public Browser(String baseUrl) {
        this(baseUrl, "en-US");
    }

    /**
     * Starts a browser whose language is {@code language} (e.g. {@code zh-CN}): the user interface language that
     * {@code navigator.languages} reports to the webapps and the {@code Accept-Language} it sends.
     */
    public Browser(String baseUrl, String language) {
        this.baseUrl = baseUrl;
        try {
            this.profile = Files.createTempDirectory("itsm-flow-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile, "--lang=" + language);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            options.setBinary(CHROMIUM.toFile());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).build();
            this.driver = new ChromeDriver(service, options);
        } else {
            this.driver = new ChromeDriver(options);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a Camunda webapp ({@code cockpit}, {@code tasklist}, {@code admin}) of the default engine. */
    public Browser open(String app) {
        return openPath("/camunda/app/" + app + "/default/");
    }

    /** Opens a path of the application, e.g. {@code /camunda/app/tasklist/default/#/?task=<id>}. */
    public Browser openPath(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /**
     * Fills the webapp's login form and submits it, without waiting for the outcome. The form focuses its user field
     * by itself once Angular has rendered it, which can pull keystrokes meant for the password into the user name;
     * so the fields are filled, read back, and filled again until both hold what was typed.
     */
    public Browser submitLogin(String user, String password) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            WebElement form = until(d -> first(d.findElements(LOGIN_FORM)));
            WebElement userField = form.findElement(By.cssSelector("input[ng-model=username]"));
            WebElement passwordField = form.findElement(By.cssSelector("input[ng-model=password]"));
            type(userField, user);
            type(passwordField, password);
            if (user.equals(userField.getAttribute("value")) && password.equals(passwordField.getAttribute("value"))) {
                form.findElement(By.cssSelector("button[type=submit]")).click();
                return this;
            }
        }
        throw new IllegalStateException("The login form did not keep the credentials typed into it");
    }

    private static void type(WebElement field, String text) {
        field.click();
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
    }

    /** Logs in on the open webapp and waits until the account menu shows the user's name. */
    public Browser login(String user, String password) {
        submitLogin(user, password);
        until(d -> first(d.findElements(ACCOUNT)) != null && !d.findElement(ACCOUNT).getText().isBlank());
        return this;
    }

    /** The name shown in the account menu of the logged-in user. */
    public String accountName() {
        return until(d -> first(d.findElements(ACCOUNT))).getText().trim();
    }

    /**
     * Waits until Tasklist has loaded its filters and the active filter's task list: the filter names, a number in
     * the active filter's counter and either tasks or the list's "no tasks" message (the filter names alone appear
     * while the list still says "Loading").
     */
    public Browser waitForTasklist() {
        until(d -> !d.findElements(By.cssSelector(".task-filters .task-filter h4.name a")).isEmpty()
                && activeCounter(d) != null
                && (!d.findElements(By.cssSelector(".tasks-list li.task")).isEmpty() || taskListEmpty(d)));
        return this;
    }

    /** The names of the Tasklist filters the user may read, in the order shown (without their counters). */
    public List<String> tasklistFilters() {
        return driver.findElements(By.cssSelector(".task-filters .task-filter h4.name a")).stream()
                .map(Browser::filterName).toList();
    }

    /** A filter link's text without the "(3)" counter that the active filter shows. */
    private static String filterName(WebElement link) {
        return link.getText().replaceAll("\\s*\\(?\\d+\\)?\\s*$", "").trim();
    }

    /** Selects a Tasklist filter by its name and waits until its task list is loaded. */
    public Browser selectFilter(String name) {
        WebElement link = until(d -> d.findElements(By.cssSelector(".task-filters .task-filter h4.name a")).stream()
                .filter(e -> filterName(e).equals(name)).findFirst().orElse(null));
        try {
            link.click();
        } catch (ElementClickInterceptedException e) {
            // the tooltip of the filter clicked before may cover this one while the pointer rests there
            ((JavascriptExecutor) driver).executeScript("arguments[0].click()", link);
        }
        until(d -> d.findElements(By.cssSelector(".task-filter.active h4.name a")).stream()
                .anyMatch(e -> filterName(e).equals(name)));
        return waitForTasklist();
    }

    /** Number in the active filter's counter, or null while it is not loaded. */
    static Integer activeCounter(WebDriver d) {
        WebElement counter = first(d.findElements(By.cssSelector(".task-filter.active .counter")));
        if (counter == null) {
            return null;
        }
        String text = counter.getText().trim();
        return text.matches("\\d+") ? Integer.valueOf(text) : null;
    }

    /** The loaded list's "No task matching filters found." notice. */
    private static boolean taskListEmpty(WebDriver d) {
        return d.findElements(By.cssSelector("section.tasks-list div.well")).stream().anyMatch(WebElement::isDisplayed);
    }

    /** Waits (at most {@link #PATIENCE}) until the condition returns a non-null, non-false value. */
    public <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /** Saves a screenshot of the current page to {@code target/browser/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "browser"));
            Path target = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }

    private static WebElement first(List<WebElement> elements) {
        return elements.isEmpty() ? null : elements.get(0);
    }

    /** The Camunda Form of the task open in Tasklist. */
    public static final String TASK_FORM = "[cam-tasklist-form-camunda] .fjs-container ";

    /** Claims the task open in Tasklist and waits until its form can be edited. */
    public Browser claimAndWaitForForm() {
        driver().findElement(By.cssSelector("button.claim")).click();
        until(d -> d.findElements(By.cssSelector(".fjs-container .fjs-form.fjs-disabled")).isEmpty()
                && !d.findElements(By.cssSelector(TASK_FORM + "textarea:not([readonly])")).isEmpty());
        return this;
    }

    /**
     * Types into a form-js textarea of the task form by field key. Tasklist may render the form once more right after
     * the claim, dropping what was typed, so the text is typed again into the element found afresh until it stays.
     */
    public Browser typeIntoForm(String key, String text) {
        By area = By.cssSelector(TASK_FORM + "textarea[id$='_" + key + "']:not([readonly]), "
                + TASK_FORM + "textarea[id$='-" + key + "']:not([readonly])");
        int[] stable = {0};
        until(d -> {
            WebElement element = d.findElements(area).stream().filter(WebElement::isEnabled).findFirst().orElse(null);
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
        return this;
    }

    /** Presses Tasklist's Complete button once it is enabled. */
    public Browser completeForm() {
        WebElement button = driver().findElement(By.cssSelector(".form-actions button.btn-primary"));
        until(d -> button.isEnabled());
        ((JavascriptExecutor) driver()).executeScript(
                "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button);
        return this;
    }
}
