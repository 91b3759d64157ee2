package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * {@code diffsearch report} on a real small sweep and on one of its runs, opened in headless Chromium
 * (Debian's {@code chromium} and {@code chromium-driver}, driven by Selenium): every plot and image rendered
 * with a size, no broken image, no console error, nothing fetched from the network. Screenshots go to
 * {@code app/target/report-*.png}.
 */
class ReportBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path tmp;
  static Path sweep;
  static ChromeDriver browser;

  @BeforeAll
  static void sweepAndOpenABrowser() throws Exception {
    assertThat(CHROMIUM).as("headless Chromium for the report test: apt-get install -y chromium chromium-driver"
        + " (.ci/run installs them)").isExecutable();
    assertThat(DRIVER).as("apt-get install -y chromium-driver").isExecutable();
    Files.copy(Fixtures.repoDir().resolve("examples/quickstart.yaml"), tmp.resolve("base.yaml"));
    Path file = Fixtures.writeText(tmp, "report.yaml", """
        pipeline: base.yaml
        set: {sampler.search.steps: 4, sampler.final.steps: 4, conditions.classes: [0, 1, 2]}
        axes:
          verifier:
            - {name: class-logit}
            - {name: self-supervised}
            - {name: ensemble, members: [{name: class-logit}, {name: self-supervised}]}
          search.nfe: [9, 18, 36]
          seed: [1, 2]
        """);
    sweep = tmp.resolve("sweep");
    // two conditions at once (the engine's threads left as they are: a thread count is process-wide): each
    // run loads and unloads the plugins beside the other, which once closed the other's weight streams
    Cli.Result r = Cli.run("sweep", file.toString(), "--out", sweep.toString(), "--parallel", "2", "--plugins-dir",
        Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1500,1200");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void closeTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aSweepsReportRendersEveryPlotAndImageInTheBrowser() throws Exception {
    Cli.Result r = Cli.run("report", sweep.toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    Path html = sweep.resolve("report.html");
    assertThat(r.out()).contains("wrote " + html);
    String text = Files.readString(html);
    assertThat(text).doesNotContainPattern("(src|href)=\"https?:").doesNotContain("<script src").doesNotContain("<link");

    List<String> figures;
    try (Stream<Path> s = Files.list(sweep.resolve("report"))) {
      figures = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".svg")).sorted().toList();
    }
    // scaling curves (fid, inception-score, class-accuracy, kid, verifier-mean), verifier vs evaluator (3)
    assertThat(figures).contains("scaling-fid.svg", "scaling-inception-score.svg", "scaling-class-accuracy.svg",
        "scaling-verifier-mean.svg", "verifier-vs-fid.svg", "parts.svg");
    // the ensemble's conditions: the members' scores of every candidate correlated, one row each
    assertThat(text).contains("<h2>Verifier parts</h2>");
    assertThat(text.lines().filter(l -> l.matches("<tr><td>c0\\d\\d-verifier=ensemble.*</td><td>class-logit</td>"
        + "<td>self-supervised</td><td>\\d+</td><td>-?[01]\\.\\d{3}</td></tr>"))).hasSize(6);
    try (Stream<Path> s = Files.list(sweep.resolve("report"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".png"))).hasSameSizeAs(figures);
    }

    open(html, "report-sweep.png");
    List<WebElement> plots = browser.findElements(By.cssSelector("figure.plot svg"));
    assertThat(plots).hasSize(figures.size());
    for (WebElement svg : plots) {
      assertThat(svg.getSize().getWidth()).isGreaterThan(100);
      assertThat(svg.getSize().getHeight()).isGreaterThan(100);
      // JFreeChart drew into it: lines, shapes and text
      assertThat(svg.findElements(By.cssSelector("path, line, rect")).size()).isGreaterThan(10);
    }
    List<WebElement> grids = browser.findElements(By.cssSelector("figure.grid img"));
    assertThat(grids).hasSize(18); // one per condition
    assertRendered(grids);
    // the results table (header + 18 conditions) and the parts table (header + 6 ensemble conditions)
    assertThat(browser.findElements(By.cssSelector("table tr"))).hasSize(19 + 7);
  }

  @Test
  void aRunsReportShowsItsSamplesAndScores() throws Exception {
    Path run = sweep.resolve("c005-verifier=class-logit-nfe=36-seed=2");
    Cli.Result r = Cli.run("report", run.toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    open(run.resolve("report.html"), "report-run.png");
    List<WebElement> plots = browser.findElements(By.cssSelector("figure.plot svg"));
    assertThat(plots).hasSize(1);
    assertThat(plots.get(0).getSize().getHeight()).isGreaterThan(100);
    List<WebElement> images = browser.findElements(By.cssSelector("figure.grid img"));
    assertThat(images).hasSize(1);
    assertRendered(images);
  }

  @Test
  void aDirectoryThatIsNeitherIsOneLineAndExitTwo() {
    Cli.Result r = Cli.run("report", tmp.toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString().startsWith("error: " + tmp).contains("neither a sweep");
    Cli.Result m = Cli.run("report", sweep.toString(), "--metrics", "fid,nope");
    assertThat(m.exitCode()).as(m.transcript()).isEqualTo(2);
    assertThat(m.errorLines()).singleElement().asString().contains("--metrics").contains("no metric 'nope'");
  }

  /** Opens {@code html}, checks the console had no error, writes a screenshot to target/NAME. */
  private static void open(Path html, String screenshot) throws Exception {
    browser.get(html.toUri().toString());
    assertThat(browser.getTitle()).isNotBlank();
    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertThat(errors).as("console errors").isEmpty();
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target");
    Files.createDirectories(target);
    Files.copy(shot.toPath(), target.resolve(screenshot), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Every image loaded (complete, with a natural size): none broken. */
  private static void assertRendered(List<WebElement> images) {
    for (WebElement img : images) {
      Object ok = ((JavascriptExecutor) browser).executeScript(
          "return arguments[0].complete && arguments[0].naturalWidth > 0 && arguments[0].naturalHeight > 0;", img);
      assertThat(ok).as(img.getAttribute("alt")).isEqualTo(Boolean.TRUE);
      assertThat(img.getSize().getWidth()).isGreaterThan(0);
    }
  }
}
