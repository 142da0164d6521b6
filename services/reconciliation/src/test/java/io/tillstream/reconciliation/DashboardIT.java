package io.tillstream.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillstream.reconciliation.alerts.AlertSettings;
import io.tillstream.reconciliation.alerts.WebhookReceiver;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Role;
import io.tillstream.schemas.Severity;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.TokenAdmin;
import io.tillstream.service.streams.StreamsSettings;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations surface of a running reconciliation service on a real broker: the owner's webhook
 * hears of an exception the topology raised (once when it opens, once when it resolves), and the
 * dashboard, in a real headless chromium, shows a planted exception under its owner, filters it and
 * renders the drift per warehouse.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    /** Debian's chromium-driver; .ci/run installs it. */
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String integrationName = "integration-" + run;
    private String integration;
    private final WebhookReceiver slack = new WebhookReceiver();
    private EmbeddedSchemaRegistry registry;
    private Reconciliation reconciliation;
    private KafkaProducer<String, StockLevel> ledger;
    private KafkaProducer<String, ReconciliationException> exceptions;
    private Path dir;

    @BeforeAll
    void start(KafkaCluster kafka) throws Exception {
        dir = Files.createTempDirectory("dashboard-it");
        // schemas in _schemas on the shared broker: the ids mean the same to every test class's app
        registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0);
        String registryUrl = registry.url().toString();
        String applicationId = "dashboard-it-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, 2, (short) 1).provision(Topics.ALL);
            // many alerts per window: exceptions the new application id re-raises from older tests' input
            // also go to RETAIL_OPS, and must not hold ours back
            AlertSettings alerts = new AlertSettings(Map.of(Owner.RETAIL_OPS, slack.url(Owner.RETAIL_OPS)), 1000,
                    Duration.ofMinutes(1), Duration.ofMillis(100));
            reconciliation = Reconciliation.start(StreamsSettings.local(applicationId, kafka.bootstrapServers(),
                    registryUrl, dir.resolve("state"), 0), ReconciliationSettings.defaults().withAlerts(alerts));
            // the alert feed's first start begins at the end of the topic: plant only once it is placed
            await().atMost(WAIT).until(() -> !admin.listConsumerGroupOffsets(applicationId + "-alerts")
                    .partitionsToOffsetAndMetadata().get().isEmpty());
        }
        SchemaRegistryClient client = new SchemaRegistryClient(registryUrl);
        try (TokenAdmin tokens = new TokenAdmin(Map.of("bootstrap.servers", kafka.bootstrapServers()), client,
                "cli:test", Clock.systemUTC())) {
            integration = tokens.issue(integrationName, Role.INTEGRATION);
        }
        Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        ledger = new KafkaProducer<>(producer, new StringSerializer(),
                new ConfluentAvroSerde<StockLevel>(client, Topics.STOCK_LEVELS.valueSchema()).serializer());
        exceptions = new KafkaProducer<>(producer, new StringSerializer(),
                new ConfluentAvroSerde<ReconciliationException>(client, Topics.EXCEPTIONS.valueSchema()).serializer());
    }

    @AfterAll
    void stop() {
        if (reconciliation != null) {
            reconciliation.close();
        }
        if (ledger != null) {
            ledger.close();
            exceptions.close();
        }
        registry.close();
        slack.close();
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            // a temp directory: the OS clears it in the end
        }
    }

    @Test
    void shouldTellTheOwnerOnceWhenAnExceptionOpensAndOnceWhenItResolves() throws Exception {
        String store = "SA" + run;
        String sku = "ALERT-TEE-" + run;
        level(store, sku, -3, 1);
        await().atMost(WAIT).until(() -> mine(sku).size() == 1);
        // ... and Prometheus (Grafana's "open exceptions by owner") counts it
        await().atMost(WAIT).until(() -> openOf(Owner.RETAIL_OPS) >= 1);
        level(store, sku, -4, 2); // still negative: an update, not news
        level(store, sku, 2, 3);
        await().atMost(WAIT).until(() -> mine(sku).size() == 2);

        List<String> texts = mine(sku);
        assertThat(texts.get(0)).startsWith("OPEN NEGATIVE_STOCK at " + store).contains("-3");
        assertThat(texts.get(1)).startsWith("RESOLVED NEGATIVE_STOCK at " + store).contains("on-hand back to 2");
    }

    /** The {@code tillstream_exceptions_open} gauge of an owner in the service's Prometheus scrape. */
    private double openOf(Owner owner) throws IOException, InterruptedException {
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(reconciliation.url() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher gauge = Pattern.compile("(?m)^tillstream_exceptions_open\\{owner=\"" + owner + "\"[^}]*} (\\S+)$")
                .matcher(scrape);
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : Double.NaN;
    }

    @Test
    void shouldShowAPlantedExceptionUnderItsOwnerFilterItAndRenderTheDrift() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "No headless browser: " + CHROMEDRIVER + " and " + CHROMIUM + " are needed (Debian packages "
                        + "chromium and chromium-driver; .ci/run installs them)");
        String store = "SD" + run;
        String sku = "DASH-TEE-" + run;
        String id = "NEGATIVE_STOCK:" + store + "|" + sku;
        level(store, sku, -2, 1);
        int warehouse = 900 + Math.floorMod(run.hashCode(), 99);
        drift(warehouse, sku, 12, 5);

        WebDriver browser = chromium();
        try {
            browser.get(reconciliation.url() + "/");
            // the page re-renders its tables every few seconds: an element found a moment ago may be gone
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.ignoring(StaleElementReferenceException.class);
            // signed out, the page shows why, not an empty dashboard
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("groups"), "bearer token"));
            browser.findElement(By.id("token")).sendKeys(integration);
            browser.findElement(By.cssSelector("#signin button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"),
                    "Signed in as " + integrationName + " (INTEGRATION)"));
            // the token's own issue is the newest action in the audit trail; finance's money is not for this role
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), integrationName));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("finance"), "Your role may not see this"));
            By row = By.cssSelector("tr.exception[data-id='" + id + "']");
            By underRetailOps = By.xpath("//h2[@id='owner-RETAIL_OPS']/following-sibling::table[1]//tr[@data-id='"
                    + id + "']");
            // live refresh: the page was loaded before the exception may have reached the view
            wait.until(ExpectedConditions.visibilityOfElementLocated(underRetailOps));
            String planted = wait.until(d -> d.findElement(underRetailOps).getText());
            assertThat(planted).contains("NEGATIVE_STOCK", "MEDIUM", store, sku, "-2");

            Select owner = new Select(browser.findElement(By.id("owner")));
            owner.selectByVisibleText("FINANCE");
            wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
            assertThat(browser.findElements(By.id("owner-RETAIL_OPS"))).isEmpty();
            owner.selectByVisibleText("RETAIL_OPS");
            wait.until(ExpectedConditions.visibilityOfElementLocated(underRetailOps));

            Select severity = new Select(browser.findElement(By.id("severity")));
            severity.selectByVisibleText("HIGH");
            wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
            severity.selectByVisibleText("MEDIUM");
            wait.until(ExpectedConditions.visibilityOfElementLocated(underRetailOps));

            By driftRow = By.cssSelector("#drift tr.warehouse[data-warehouse='" + warehouse + "']");
            List<String> cells = wait.until(d -> {
                List<String> texts = d.findElement(driftRow).findElements(By.tagName("td")).stream()
                        .map(WebElement::getText).toList();
                return texts.size() >= 3 ? texts : null;
            });
            assertThat(cells.subList(0, 3)).containsExactly(Integer.toString(warehouse), "1", "7");
        } finally {
            browser.quit();
        }
    }

    private WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        // the driver is given: Selenium Manager has nothing to find or download
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private List<String> mine(String sku) {
        return slack.texts(Owner.RETAIL_OPS).stream().filter(t -> t.contains(sku)).toList();
    }

    private void level(String store, String sku, int onHand, long version) throws Exception {
        StockLevel level = StockLevel.newBuilder().setLocationId(store).setSku(sku).setOnHand(onHand)
                .setPendingInspection(0).setSafetyBuffer(0).setAts(Math.max(0, onHand)).setVersion(version)
                .setChangeSequence(version).setAsOf(Instant.now()).build();
        ledger.send(new ProducerRecord<>(Topics.STOCK_LEVELS.name(), store + "|" + sku, level)).get();
    }

    /** A STOCK_DRIFT as the topology publishes it (its grace period is minutes, too long to wait here). */
    private void drift(int warehouse, String sku, int expected, int actual) throws Exception {
        Instant now = Instant.now();
        ReconciliationException drift = ReconciliationException.newBuilder()
                .setId("STOCK_DRIFT:" + warehouse + "|" + sku).setType(ExceptionType.STOCK_DRIFT)
                .setOwner(Owner.INTEGRATION).setSeverity(Severity.HIGH).setStatus(ExceptionStatus.OPEN)
                .setStoreId("SD" + run).setSku(sku).setExpected(Integer.toString(expected))
                .setActual(Integer.toString(actual)).setFirstSeenAt(now.minusSeconds(300)).setLastSeenAt(now)
                .setDetail("Centra warehouse " + warehouse + " shows " + actual).setRunbook("check Centra").build();
        exceptions.send(new ProducerRecord<>(Topics.EXCEPTIONS.name(), drift.getId(), drift)).get();
    }
}
