package io.tillstream.local.stores;

import io.tillstream.domain.stores.StoreInfo;
import io.tillstream.domain.stores.StoreRecords;
import io.tillstream.service.access.StoreAdmin;
import io.tillstream.centra.client.CentraException;
import io.tillstream.local.RunningPipeline;
import io.tillstream.local.cli.Checks;
import io.tillstream.local.cli.PipelineOptions;
import io.tillstream.local.cli.TillstreamCli;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Store;
import io.tillstream.schemas.StoreStatus;
import io.tillstream.schemas.TillToken;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tillstream store add|update|close|import|list}: the store registry ({@code stores.v1}) of the
 * running pipeline (found through {@code endpoints.json}) or of the cluster given. pos-ingest, the Centra
 * sink and reconciliation follow it live: a store opens, changes its hours or closes with no restart.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "The store registry: every service follows it live, so a store opens, changes or closes with no"
                + " restart.",
        subcommands = {StoreCommand.Add.class, StoreCommand.Update.class, StoreCommand.Close.class,
            StoreCommand.Import.class, StoreCommand.ListStores.class})
public final class StoreCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw Checks.refuse(spec, "add, update, close, import or list?");
    }

    private static final StoreAdmin.Who WHO = StoreAdmin.Who.of("cli:" + System.getProperty("user.name"));

    /** One action on the registry. */
    private abstract static class Action implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        PipelineOptions where;

        final PrintStream out;
        final PrintStream err;

        Action(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        abstract void execute(StoreAdmin admin) throws InterruptedException;

        @Override
        public Integer call() {
            check();
            PipelineOptions.Pipeline pipeline = where.pipeline();
            try (StoreAdmin admin = new StoreAdmin(pipeline.kafka(), new SchemaRegistryClient(pipeline.registryUrl()),
                    Clock.systemUTC())) {
                execute(admin);
                return 0;
            } catch (IllegalArgumentException e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage()); // refused: nothing was written
                return 2;
            } catch (RuntimeException e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }

        /** Option values picocli's types do not check, refused before anything is read or written. */
        void check() {
        }

        Map<DayOfWeek, StoreInfo.Hours> hours(String text) {
            try {
                return StoreRecords.parseHours(text);
            } catch (IllegalArgumentException e) {
                throw Checks.refuse(spec, "--hours: " + e.getMessage());
            }
        }

        List<String> days(List<String> dates) {
            List<String> days = new ArrayList<>();
            for (String date : dates) {
                try {
                    days.add(LocalDate.parse(date.trim()).toString());
                } catch (DateTimeParseException e) {
                    throw Checks.refuse(spec, "--closed-days: " + date + " is not a date such as 2026-12-25");
                }
            }
            return days.stream().distinct().sorted().toList();
        }

        void printTokens(Map<String, String> tokens) {
            if (!tokens.isEmpty()) {
                out.println("Till tokens for " + String.join(", ", tokens.keySet())
                        + ", one per line in that order (shown once; only their hashes are kept):");
                tokens.values().forEach(out::println);
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Registers a store and issues a token per till; the tokens are the last lines, shown once.",
                "A PLANNED store's tills may post (its opening stocktake) but it is not watched for silence until it"
                        + " is LIVE (store update --status LIVE)."})
    static final class Add extends Action {

        @Option(names = {"--id", "--store-id"}, required = true, paramLabel = "ID", description = "e.g. S004")
        String id;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "e.g. \"Oslo Grünerløkka\"")
        String name;

        @Option(names = {"--timezone", "--time-zone"}, required = true, paramLabel = "ZONE",
                description = "IANA time zone, e.g. Europe/Oslo")
        String timezone;

        @Option(names = {"--warehouse", "--centra-warehouse-id"}, required = true, paramLabel = "W",
                description = "the Centra warehouse that stands for the store")
        int warehouse;

        @Option(names = "--tills", split = ",", paramLabel = "T", description = "till ids, one token each, each "
                + "posting for its own till only (default: one store-wide token that may post for any of its tills)")
        List<String> tills = List.of(StoreRecords.STORE_WIDE_TILL);

        @Option(names = "--hours", paramLabel = "HOURS", description = "e.g. Mon-Fri=09:00-20:00,Sat=10:00-18:00 (a day"
                + " not named is closed; a close at or before the open is after midnight; default: daily 09:00-23:59)")
        String hours;

        @Option(names = "--closed-days", split = ",", paramLabel = "DATE", description = "holidays, e.g. 2026-12-25")
        List<String> closedDays = List.of();

        @Option(names = "--market", paramLabel = "M", description = "the Centra market it sells in")
        String market;

        @Option(names = "--currency", paramLabel = "C", description = "ISO 4217, e.g. NOK")
        String currency;

        @Option(names = "--status", paramLabel = "S", description = "PLANNED or LIVE (default: ${DEFAULT-VALUE})")
        StoreStatus status = StoreStatus.LIVE;

        @Option(names = "--centra-token-file", paramLabel = "F", description = "the Centra token, to check the"
                + " warehouse exists (default DIR/centra-token, the simulator's)")
        Path centraTokenFile;

        public Add(PrintStream out, PrintStream err) {
            super(out, err);
        }

        /**
         * Asks Centra whether the warehouse exists, where the pipeline's Centra is known (the data
         * directory's endpoints.json): a store mapped to a warehouse Centra lacks would have its whole
         * opening stocktake refused.
         */
        private void checkWarehouse() {
            Optional<Path> dir = where.dataDir();
            if (dir.isEmpty()) {
                err.println("Note: Centra's warehouses not checked (no endpoints.json); make sure warehouse "
                        + warehouse + " exists in Centra before the store posts its stocktake");
                return;
            }
            Path tokenFile = centraTokenFile != null ? centraTokenFile : dir.get().resolve("centra-token");
            try {
                String url = RunningPipeline.read(dir.get().resolve("endpoints.json")).centraUrl();
                String name = new CentraWarehouses(url, Files.readString(tokenFile).trim()).find(warehouse);
                if (name == null) {
                    throw new IllegalArgumentException("Centra has no warehouse " + warehouse
                            + ": create it in Centra (one warehouse per store) first");
                }
                out.println("Centra warehouse " + warehouse + " (" + name + ") found.");
            } catch (IOException | CentraException e) {
                throw new IllegalStateException("Could not ask Centra about warehouse " + warehouse + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        void check() {
            if (status == StoreStatus.CLOSED) {
                throw Checks.refuse(spec, "--status: a new store is PLANNED or LIVE");
            }
            if (hours != null) {
                hours(hours);
            }
            days(closedDays);
        }

        @Override
        void execute(StoreAdmin admin) throws InterruptedException {
            Store.Builder store = Store.newBuilder().setStoreId(id).setName(name).setTimezone(timezone)
                    .setStatus(status).setCentraWarehouseId(warehouse).setMarket(market).setCurrency(currency)
                    .setHours(hours == null ? List.of() : StoreRecords.hours(hours(hours)))
                    .setClosedDays(days(closedDays));
            checkWarehouse();
            StoreAdmin.Written written = admin.add(WHO, store, tills);
            out.println("Store " + id + " added: " + status + ", Centra warehouse " + warehouse + ", " + timezone + ".");
            printTokens(written.tokens());
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Changes a store; what is not given stays as it is. New hours or a new time zone apply from the"
                    + " next business day; a revoked till's token is refused within a second.")
    static final class Update extends Action {

        @Option(names = {"--id", "--store-id"}, required = true, paramLabel = "ID")
        String id;

        @Option(names = "--name", paramLabel = "NAME")
        String name;

        @Option(names = {"--timezone", "--time-zone"}, paramLabel = "ZONE")
        String timezone;

        @Option(names = {"--warehouse", "--centra-warehouse-id"}, paramLabel = "W",
                description = "only while the store is PLANNED")
        Integer warehouse;

        @Option(names = "--hours", paramLabel = "HOURS", description = "replaces the week, e.g. Mon-Sat=09:00-20:00")
        String hours;

        @Option(names = "--closed-days", split = ",", paramLabel = "DATE", description = "replaces the calendar")
        List<String> closedDays;

        @Option(names = "--market", paramLabel = "M")
        String market;

        @Option(names = "--currency", paramLabel = "C")
        String currency;

        @Option(names = "--status", paramLabel = "S", description = "PLANNED or LIVE (store close closes it)")
        StoreStatus status;

        @Option(names = "--add-tills", split = ",", paramLabel = "T", description = "new tills, one token each")
        List<String> addTills = List.of();

        @Option(names = "--revoke-tills", split = ",", paramLabel = "T", description = "tills whose tokens stop working")
        List<String> revokeTills = List.of();

        @Option(names = "--centra-token-file", paramLabel = "F", description = "the Centra token, for the opening"
                + " stock check of a store going LIVE (default DIR/centra-token, the simulator's)")
        Path centraTokenFile;

        public Update(PrintStream out, PrintStream err) {
            super(out, err);
        }

        /**
         * A PLANNED store going LIVE: its opening stocktake must be what Centra's warehouse holds. The sink
         * pushed the stocktake as a difference against the ledger, which started at zero, so a warehouse that
         * held stock before ends above the count; the audit (once the pushes have landed) finds that and
         * repairs it through the sink, exactly once. Without the pipeline's Centra at hand it is only advised.
         */
        private boolean openingStockAgreesWithCentra(int warehouse) {
            Optional<Path> dir = where.dataDir();
            if (dir.isEmpty()) {
                err.println("Note: Centra not checked (no endpoints.json): run ./tillstream audit --warehouse "
                        + warehouse + " --settled --repair where Centra is reachable");
                return true;
            }
            out.println("Comparing the opening stock with Centra's warehouse " + warehouse + " ...");
            List<String> audit = new ArrayList<>(List.of("audit", "--warehouse", Integer.toString(warehouse),
                    "--settled", "--repair", "--data-dir", dir.get().toString()));
            if (centraTokenFile != null) {
                audit.addAll(List.of("--centra-token-file", centraTokenFile.toString()));
            }
            return TillstreamCli.execute(out, err, audit.toArray(String[]::new)) == 0;
        }

        @Override
        void check() {
            if (status == StoreStatus.CLOSED) {
                throw Checks.refuse(spec, "--status: close a store with store close");
            }
            if (hours != null) {
                hours(hours);
            }
            if (closedDays != null) {
                days(closedDays);
            }
        }

        @Override
        void execute(StoreAdmin admin) throws InterruptedException {
            Consumer<Store.Builder> change = s -> {
                if (name != null) {
                    s.setName(name);
                }
                if (timezone != null) {
                    s.setTimezone(timezone);
                }
                if (warehouse != null) {
                    s.setCentraWarehouseId(warehouse);
                }
                if (hours != null) {
                    s.setHours(StoreRecords.hours(hours(hours)));
                }
                if (closedDays != null) {
                    s.setClosedDays(days(closedDays));
                }
                if (market != null) {
                    s.setMarket(market);
                }
                if (currency != null) {
                    s.setCurrency(currency);
                }
                if (status != null) {
                    s.setStatus(status);
                }
            };
            if (status == StoreStatus.LIVE && admin.find(id).map(s -> s.getStatus() == StoreStatus.PLANNED).orElse(false)
                    && !openingStockAgreesWithCentra(admin.find(id).get().getCentraWarehouseId())) {
                throw new IllegalStateException("store " + id + " stays PLANNED: Centra's warehouse does not hold its"
                        + " opening stock (see the audit above)");
            }
            StoreAdmin.Written written = admin.update(WHO, id, change, addTills, revokeTills);
            out.println("Store " + id + " updated: " + written.store().getStatus() + ", Centra warehouse "
                    + written.store().getCentraWarehouseId() + ", " + written.store().getTimezone() + ", tills "
                    + tills(written.store()) + ".");
            printTokens(written.tokens());
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Closes a store: its tills' tokens are refused within a second; its history stays.")
    static final class Close extends Action {

        @Option(names = {"--id", "--store-id"}, required = true, paramLabel = "ID")
        String id;

        public Close(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Override
        void execute(StoreAdmin admin) throws InterruptedException {
            admin.close(WHO, id);
            out.println("Store " + id + " closed: its tills' tokens are refused from now.");
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Imports stores.yml: stores the registry does not have are added as the file says; stores it"
                    + " has are left as they are (the registry is the source of truth; store update changes them).")
    static final class Import extends Action {

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "a stores.yml")
        Path file;

        public Import(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Override
        void execute(StoreAdmin admin) throws InterruptedException {
            admin.importFile(WHO, file).forEach(out::println);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the registry's stores.")
    static final class ListStores extends Action {

        public ListStores(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Override
        void execute(StoreAdmin admin) throws InterruptedException {
            out.printf("%-8s %-8s %-9s %-20s %-40s %s%n", "STORE", "STATUS", "WAREHOUSE", "TIMEZONE", "HOURS", "TILLS");
            for (Store s : admin.list()) {
                out.printf("%-8s %-8s %-9d %-20s %-40s %s%n", s.getStoreId(), s.getStatus(), s.getCentraWarehouseId(),
                        s.getTimezone(), s.getHours().isEmpty() ? "daily=09:00-23:59"
                                : StoreRecords.formatHours(StoreRecords.info(s).week()), tills(s));
            }
        }
    }

    private static String tills(Store store) {
        return store.getTills().isEmpty() ? "none"
                : String.join(",", store.getTills().stream().map(TillToken::getTillId).toList());
    }
}
