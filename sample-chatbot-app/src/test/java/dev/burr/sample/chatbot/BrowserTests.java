package dev.burr.sample.chatbot;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs when missing; override with {@code CHROMIUM_BINARY} and {@code CHROMEDRIVER}): type a
 * message, see the reply, reload, see the history, fork, and save a screenshot under {@code target/}.
 */
class BrowserTests extends RunningAppTests {

	private ChromeDriver browser;

	@BeforeEach
	void startBrowser() {
		File binary = executable("CHROMIUM_BINARY", "/usr/bin/chromium");
		File driver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(binary);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--window-size=1280,800");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void chatReloadForkAndScreenshot() throws IOException {
		String user = uniqueUser();
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		this.browser.get("http://localhost:" + this.port + "/#" + user + "/");
		wait.until(ExpectedConditions.elementToBeClickable(By.id("new-conversation"))).click();
		WebElement text = wait.until(ExpectedConditions.elementToBeClickable(By.id("text")));
		text.sendKeys("hello", Keys.ENTER);
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages .message.assistant:not(.pending)"), 1));
		assertThat(assistantTexts()).singleElement().asString().startsWith("Hello! I am Burr's offline demo bot.");
		wait.until(ExpectedConditions.elementToBeClickable(By.id("text"))).sendKeys("what did I say first?", Keys.ENTER);
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages .message.assistant:not(.pending)"), 2));
		assertThat(assistantTexts().get(1)).startsWith("Your first message was \"hello\".");

		this.browser.navigate().refresh();
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages .message"), 4));
		assertThat(assistantTexts()).hasSize(2);
		assertThat(this.browser.findElements(By.cssSelector("#graph svg .node.current"))).singleElement()
			.extracting(e -> e.getAttribute("data-action")).isEqualTo(ChatbotGraph.HUMAN);
		assertThat(this.browser.findElements(By.cssSelector("#conversations li"))).hasSize(1);

		this.browser.findElements(By.cssSelector("#messages .fork")).get(0).click();
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#conversations li"), 2));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("origin")));
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages .message"), 2));
		assertThat(this.browser.findElement(By.id("origin")).getText()).contains("at step 1");
		wait.until(ExpectedConditions.elementToBeClickable(By.id("text"))).sendKeys("tell me about burr", Keys.ENTER);
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages .message.assistant:not(.pending)"), 2));
		assertThat(assistantTexts().get(1)).startsWith("Burr runs this chat as a state machine");

		Path target = Path.of("target", "browser-chat.png");
		Files.createDirectories(target.getParent());
		Files.copy(this.browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		assertThat(Files.size(target)).isPositive();
	}

	private List<String> assistantTexts() {
		return this.browser.findElements(By.cssSelector("#messages .message.assistant:not(.pending)"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	private static File executable(String variable, String fallback) {
		String configured = System.getenv(variable);
		File file = new File((configured != null && !configured.isBlank()) ? configured : fallback);
		if (!file.canExecute()) {
			throw new IllegalStateException("The browser test needs " + file + " (set " + variable
					+ " to another path): on Debian, apt-get install -y chromium chromium-driver, as .ci/run does.");
		}
		return file;
	}

}
