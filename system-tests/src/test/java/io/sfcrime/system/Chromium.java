package io.sfcrime.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through Debian's {@code chromium} and
 * {@code chromium-driver} packages, found on the PATH: Selenium is given both
 * executables, so it never runs Selenium Manager (which would try to download a browser
 * and a driver).
 */
final class Chromium {

    static final String BROWSER = "chromium";

    static final String DRIVER = "chromedriver";

    private Chromium() {
    }

    /**
     * Skips the calling test without the two packages, except in CI, where .ci/run
     * installs them.
     */
    static void require() {
        Tools.require(BROWSER, Tools.APT + "chromium");
        Tools.require(DRIVER, Tools.APT + "chromium-driver");
    }

    /**
     * A new headless browser with a window of the given size; its driver logs to a file.
     */
    static ChromeDriver start(int width, int height, Path driverLog) {
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(executable(DRIVER).toFile())
            .usingAnyFreePort()
            .withLogFile(driverLog.toFile())
            .build();
        ChromeOptions options = new ChromeOptions().setBinary(executable(BROWSER).toFile())
            // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
            .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--window-size=" + width + "," + height);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(width, height));
        return driver;
    }

    /**
     * Saves the whole page as a PNG file, as it is laid out in a window {@code width}
     * pixels wide (the window is left at that width and the page's height).
     */
    static Path screenshot(ChromeDriver driver, int width, Path file) throws IOException {
        driver.manage().window().setSize(new Dimension(width, 800));
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(width, height.intValue()));
        Files.createDirectories(file.getParent());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        return Files.move(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path executable(String program) {
        Path executable = Tools.find(program);
        if (executable == null) {
            throw new IllegalStateException(program + " is not on the PATH");
        }
        return executable;
    }

}
