package dev.tally.api.dashboard;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Debian {@code chromium} and {@code chromium-driver} packages (installed by {@code .ci/run}), driven by
 * Selenium; both paths may be overridden with {@code CHROME_BIN} and {@code CHROMEDRIVER}. Given both
 * explicitly, Selenium Manager downloads nothing.
 */
final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /** Why no browser can run here, or empty when one can. */
    static Optional<String> missing() {
        if (browser().isEmpty()) {
            return Optional.of("no Chromium found (CHROME_BIN, /usr/bin/chromium): install the Debian packages chromium and chromium-driver (.ci/run does)");
        }
        if (driver().isEmpty()) {
            return Optional.of("no chromedriver found (CHROMEDRIVER, /usr/bin/chromedriver): install the Debian package chromium-driver (.ci/run does)");
        }
        return Optional.empty();
    }

    /** A fresh headless browser with its own profile directory, sized for a screenshot of the whole dashboard. */
    static ChromeDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser().orElseThrow().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1250", "--force-device-scale-factor=1", "--lang=en-US", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver().orElseThrow().toFile())
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(30)).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    static Path newProfile() {
        try {
            return Files.createTempDirectory("tally-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> browser() {
        return first(System.getenv("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
    }

    private static Optional<Path> driver() {
        return first(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    }

    private static Optional<Path> first(String... candidates) {
        return Stream.of(candidates).filter(c -> c != null && !c.isBlank()).map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
