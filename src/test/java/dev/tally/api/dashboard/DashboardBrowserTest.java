package dev.tally.api.dashboard;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.Oracle;
import dev.tally.support.TallyClient;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium against a running Tally with generated events: totals, the
 * chart's series and every top list show the oracle's numbers; a click filters, a shift-click excludes,
 * removing a chip undoes it, each time with the oracle's new numbers; the badge says what the API's
 * {@code X-Tally-Source} headers say. Screenshots go to {@code target/dashboard/}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    private static final String RANGE = "start=2026-02-20&end=2026-04-20&timezone=UTC&event=composite";
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");
    /** Each list's group-by → how the oracle's group key becomes the value the page filters by. */
    private static final Map<String, Function<List<String>, String>> LISTS = new LinkedHashMap<>();

    static {
        LISTS.put("countries", List::getFirst);
        LISTS.put("cities", key -> key.get(2));
        LISTS.put("devices", List::getFirst);
        LISTS.put("browsers", List::getFirst);
        LISTS.put("referers", List::getFirst);
        LISTS.put("top_links", List::getFirst);
        LISTS.put("utm_campaigns", List::getFirst);
    }

    @Inject
    EmbeddedServer server;
    @Inject
    ClickHouse clickHouse;
    @Inject
    TestWorkspaces workspaces;

    TestWorkspace owner;
    Oracle oracle;
    ChromeDriver browser;

    @BeforeAll
    void generate() {
        owner = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        GeneratedEvents.Data data = GeneratedEvents.generate(2026, 2_500, owner.workspace().id());
        GeneratedEvents.insert(clickHouse, data);
        oracle = new Oracle(data);
    }

    @AfterAll
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageAndItsAssetsComeFromTheJarWithAPolicyAllowingNothingElse() {
        try (TallyClient client = new TallyClient(server.getURI(), "unused")) {
            TallyClient.Answer page = client.get("/dashboard", "none");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'");
            assertThat(page.body()).contains("/dashboard/chart.umd.min.js").doesNotContain("https://");
            TallyClient.Answer chart = client.get("/dashboard/chart.umd.min.js", "none");
            assertThat(chart.status()).isEqualTo(200);
            assertThat(chart.body()).contains("Chart.js v4");
            TallyClient.Answer unknown = client.get("/dashboard/..%2Fapplication.yml", "none");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json()).containsKey("error");
        }
    }

    @Test
    void showsTheOraclesNumbersAndFiltersAndExcludesByClicks() throws IOException {
        Optional<String> missing = HeadlessChromium.missing();
        assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElseThrow());
        browser = HeadlessChromium.start(HeadlessChromium.newProfile());
        browser.get(server.getURL() + "/dashboard");
        browser.findElement(By.id("key")).sendKeys(owner.apiKey());
        new Select(browser.findElement(By.id("interval"))).selectByValue("custom");
        browser.executeScript("document.getElementById('start').value = '2026-02-20'; document.getElementById('end').value = '2026-04-20';"
                + " document.getElementById('timezone').value = 'UTC';");
        int generation = 0;
        browser.findElement(By.id("load")).click();
        generation = awaitLoad(generation);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve("dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
        assertShows("");

        // Click the first country: only its events.
        WebElement country = browser.findElement(By.cssSelector(".list[data-group=countries] li[data-value]"));
        String countryCode = country.getAttribute("data-value");
        country.click();
        generation = awaitLoad(generation);
        assertShows("&country=" + countryCode);
        assertThat(chips()).containsExactly("country is " + countryCode);

        // Shift-click a device: excluded, on top of the country filter.
        WebElement device = browser.findElement(By.cssSelector(".list[data-group=devices] li[data-value]"));
        String deviceName = device.getAttribute("data-value");
        new Actions(browser).keyDown(Keys.SHIFT).click(device).keyUp(Keys.SHIFT).perform();
        generation = awaitLoad(generation);
        assertShows("&country=" + countryCode + "&device=-" + deviceName);
        assertThat(chips()).containsExactly("country is " + countryCode, "device is not " + deviceName);
        Files.write(SCREENSHOTS.resolve("dashboard-filtered.png"), browser.getScreenshotAs(OutputType.BYTES));

        // Removing the country chip leaves the exclusion.
        browser.findElement(By.cssSelector(".chip[data-filter=country] button")).click();
        generation = awaitLoad(generation);
        assertShows("&device=-" + deviceName);

        // The export button fetches the streaming export with the page's range and filters.
        browser.findElement(By.id("export")).click();
        String message = new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            String text = d.findElement(By.id("message")).getText();
            return text.startsWith("Exported") || text.startsWith("Export failed") ? text : null;
        });
        assertThat(message).matches("Exported events-" + owner.workspace().id() + "[^ ]*\\.csv \\([0-9,]+ bytes\\)\\.");
    }

    /** Waits for the page's next completed load, failing with its message if it shows an error. */
    private int awaitLoad(int after) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            String state = (String) browser.executeScript("return document.body.dataset.state");
            if ("error".equals(state)) {
                throw new AssertionError("the dashboard shows an error: " + browser.findElement(By.id("message")).getText());
            }
            Object done = browser.executeScript("return document.body.dataset.generation");
            return "ready".equals(state) && done != null && Integer.parseInt((String) done) > after;
        });
        return Integer.parseInt((String) browser.executeScript("return document.body.dataset.generation"));
    }

    /** Totals, chart series, top lists and badge against the oracle and the API for the page's range plus {@code filters}. */
    private void assertShows(String filters) {
        String parameters = RANGE + filters;
        Oracle.Totals totals = oracle.count(query("groupBy=count&" + parameters));
        assertThat(List.of(text("total-clicks"), text("total-leads"), text("total-sales"))).as(filters)
                .containsExactly(totals.clicks(), totals.leads(), totals.sales());
        assertThat(totals.clicks()).isPositive();

        Map<String, List<Long>> expectedSeries = new HashMap<>();
        oracle.timeseries(query("groupBy=timeseries&" + parameters)).forEach((bucket, t) ->
                expectedSeries.put(bucket.atOffset(ZoneOffset.UTC).toLocalDate().toString(), List.of(t.clicks(), t.leads(), t.sales())));
        @SuppressWarnings("unchecked")
        Map<String, Object> chart = (Map<String, Object>) browser.executeScript(
                "const c = Chart.getChart(document.getElementById('chart')); return {labels: c.data.labels, data: c.data.datasets.map(d => d.data)};");
        List<?> labels = (List<?>) chart.get("labels");
        List<?> data = (List<?>) chart.get("data");
        Map<String, List<Long>> shownSeries = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            List<Long> point = new ArrayList<>();
            for (Object series : data) {
                point.add(((Number) ((List<?>) series).get(i)).longValue());
            }
            if (point.stream().anyMatch(n -> n > 0)) {
                shownSeries.put((String) labels.get(i), point);
            }
        }
        assertThat(labels).hasSize(59).first().isEqualTo("2026-02-20");
        assertThat(shownSeries).as("chart " + filters).isEqualTo(expectedSeries);

        for (Map.Entry<String, Function<List<String>, String>> list : LISTS.entrySet()) {
            Map<String, Long> expected = new HashMap<>();
            oracle.groupBy(query("groupBy=" + list.getKey() + "&" + parameters))
                    .forEach((key, t) -> expected.merge(list.getValue().apply(key), t.clicks(), Long::sum));
            // One script call per list (each WebDriver call is a round trip): every row's value, shown count and data-clicks.
            List<?> items = (List<?>) browser.executeScript("return [...document.querySelectorAll(arguments[0])].map(li =>"
                    + " [li.dataset.value, li.querySelector('.count').textContent, li.dataset.clicks]);",
                    ".list[data-group=" + list.getKey() + "] li:not(.empty)");
            Map<String, Long> shown = new LinkedHashMap<>();
            for (Object item : items) {
                List<?> cells = (List<?>) item;
                String value = (String) cells.get(0);
                long count = Long.parseLong(((String) cells.get(1)).replace(",", ""));
                assertThat(count).as(list.getKey() + " " + value + " (data-clicks)").isEqualTo(Long.parseLong((String) cells.get(2)));
                shown.put(value, count);
            }
            assertThat(shown).as(list.getKey() + filters).hasSize(Math.min(10, expected.size()));
            shown.forEach((value, count) -> assertThat(count).as(list.getKey() + " " + value + filters).isEqualTo(expected.get(value)));
            long smallestShown = shown.values().stream().min(Comparator.naturalOrder()).orElse(0L);
            assertThat(expected.entrySet().stream().filter(e -> !shown.containsKey(e.getKey())).mapToLong(Map.Entry::getValue))
                    .as(list.getKey() + ": nothing left out has more clicks than what is shown").allMatch(n -> n <= smallestShown);
        }

        Set<String> sources;
        try (TallyClient client = new TallyClient(server.getURI(), "unused")) {
            List<String> groupBys = new ArrayList<>(List.of("count", "timeseries"));
            groupBys.addAll(LISTS.keySet());
            sources = groupBys.stream().map(g -> client.get("/api/v1/analytics?groupBy=" + g + "&" + parameters, owner.apiKey()).ok()
                    .header("X-Tally-Source")).collect(Collectors.toSet());
        }
        String expectedBadge = sources.equals(Set.of("rollup")) ? "rollup" : sources.equals(Set.of("raw")) ? "raw" : "mixed";
        WebElement badge = browser.findElement(By.id("source"));
        assertThat(badge.getText()).as("badge " + filters).isEqualTo("answered from " + expectedBadge);
    }

    private List<String> chips() {
        return browser.findElements(By.className("chip")).stream().map(chip -> chip.getText().replace("×", "").strip()).toList();
    }

    private long text(String id) {
        return Long.parseLong(browser.findElement(By.id(id)).getText().replace(",", ""));
    }

    private AnalyticsQuery query(String parameters) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String pair : parameters.split("&")) {
            String[] nameValue = pair.split("=", 2);
            map.put(nameValue[0], List.of(nameValue[1]));
        }
        return new QueryParser(Clock.systemUTC()).parse(map, SurfaceRules.NATIVE_ANALYTICS, owner.workspace().id(), ZoneId.of("UTC"));
    }
}
