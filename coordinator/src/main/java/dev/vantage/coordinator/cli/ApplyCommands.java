package dev.vantage.coordinator.cli;

import dev.vantage.common.text.Display;
import dev.vantage.proto.v1.ApplyMonitorsRequest;
import dev.vantage.proto.v1.ApplyMonitorsResponse;
import dev.vantage.proto.v1.FieldChange;
import dev.vantage.proto.v1.ListMonitorsRequest;
import dev.vantage.proto.v1.MonitorOutcome;
import dev.vantage.proto.v1.MonitorOutcome.Action;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Monitors as code: {@code vantage apply -f FILE}, {@code vantage diff -f FILE} and {@code vantage export}.
 * The coordinator checks every entry of the file (ApplyMonitors with dry_run, in batches) before anything
 * changes; then the changing entries go in batches, each one store transaction, and prune's deletes last,
 * with a progress bar on a terminal.
 */
final class ApplyCommands {
    /** Most monitors per ApplyMonitors call. */
    static final int BATCH = 500;
    /**
     * Most bytes of monitors per call: the coordinator takes messages of up to 1 MiB
     * ({@code GrpcServers}), and one monitor at its limits (32 blackouts, 64 locations) is about 10 KiB.
     */
    static final int BATCH_BYTES = 256 * 1024;
    /** Checking or applying thousands of monitors takes longer than one ordinary call. */
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private ApplyCommands() {
    }

    /** The options of apply and diff: the admin options, the file and prune. */
    abstract static class FileCommand implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The monitors file (YAML; "
                + "vantage export writes one).")
        Path file;

        @Option(names = "--prune", description = "Also delete the monitors that are not in the file.")
        boolean prune;

        /** The file's entries; every error in it printed, and a usage failure, when there is any. */
        List<MonitorFile.Entry> entries() {
            MonitorFile.Contents contents = MonitorFile.read(file, file.toString());
            if (!contents.errors().isEmpty()) {
                throw invalid(contents.errors(), contents.entries().size());
            }
            return contents.entries();
        }

        /**
         * What applying the whole file would do, checked by the coordinator batch by batch, then (with prune)
         * which monitors are not in the file; every invalid entry printed and a usage failure.
         */
        ApplyMonitorsResponse plan(AdminClient client, List<MonitorFile.Entry> entries, Progress progress) {
            ApplyMonitorsResponse.Builder plan = ApplyMonitorsResponse.newBuilder();
            for (List<MonitorFile.Entry> batch : batches(entries)) {
                ApplyMonitorsRequest request = ApplyMonitorsRequest.newBuilder()
                        .addAllMonitors(batch.stream().map(MonitorFile.Entry::definition).toList()).setDryRun(true).build();
                int offset = batch.get(0).index();
                for (MonitorOutcome o : client.call(stub -> stub.applyMonitors(request)).getOutcomesList()) {
                    plan.addOutcomes(o.toBuilder().setIndex(o.getIndex() + offset));
                }
                progress.advance(batch.size());
            }
            if (prune) {
                plan.addAllOutcomes(client.call(stub -> stub.applyMonitors(pruneRequest(entries).setDryRun(true).build())).getOutcomesList());
            }
            progress.close();
            List<String> errors = new ArrayList<>();
            for (MonitorOutcome o : plan.getOutcomesList()) {
                if (o.getAction() == Action.ACTION_INVALID) {
                    errors.add(located(entries.get(o.getIndex()), o.getError()));
                }
            }
            if (!errors.isEmpty()) {
                throw invalid(errors, entries.size());
            }
            return plan.build();
        }

        /** {@code FILE:LINE: monitors[I].FIELD: problem} from the coordinator's {@code FIELD: problem}. */
        private String located(MonitorFile.Entry entry, String error) {
            int colon = error.indexOf(": ");
            String field = colon < 0 ? "" : error.substring(0, colon);
            String setting = field.equals("blackout") ? "blackouts" : field;
            String problem = colon < 0 ? error : error.substring(colon + 2);
            return file + ":" + entry.lineOf(setting) + ": monitors[" + entry.index() + "]"
                    + (setting.isEmpty() ? "" : "." + setting) + ": " + problem;
        }

        private CliFailure invalid(List<String> errors, int entries) {
            PrintWriter err = admin.err();
            errors.forEach(e -> err.println("error: " + Display.bounded(e, 1000)));
            err.flush();
            return new CliFailure(ExitCodes.USAGE, file + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                    + (entries == 0 ? "" : " in " + entries + (entries == 1 ? " monitor" : " monitors"))
                    + "; nothing was applied; fix the file and run again");
        }

        /** One line per change ({@code + api (new)}, {@code ~ web: port 443 -> 8443}, {@code - old}), or the JSON document. */
        void print(ApplyMonitorsResponse plan, boolean applied, String summary) {
            PrintWriter out = admin.out();
            if (admin.json()) {
                JsonOutput.document(out, PlanView.of(plan, applied));
                return;
            }
            for (MonitorOutcome o : plan.getOutcomesList()) {
                switch (o.getAction()) {
                    case ACTION_CREATE -> out.println("+ " + Display.bounded(o.getName(), 100) + " (new)");
                    case ACTION_DELETE -> out.println("- " + Display.bounded(o.getName(), 100));
                    case ACTION_UPDATE -> o.getChangesList().forEach(c -> out.println(change(o.getName(), c)));
                    default -> {
                    }
                }
            }
            out.println(summary);
            out.flush();
        }

        private static String change(String name, FieldChange c) {
            return "~ " + Display.bounded(name, 100) + ": " + c.getField() + " " + Display.bounded(c.getBefore(), 500) + " -> "
                    + Display.bounded(c.getAfter(), 500);
        }
    }

    @Command(name = "apply", description = "Make the coordinator's monitors match a file: create the new ones, update the "
            + "changed ones, and with --prune delete the ones not in the file. Every entry is checked first; when any is "
            + "invalid, nothing changes. Applying the same file again changes nothing.")
    static final class Apply extends FileCommand {
        @Option(names = "--dry-run", description = "Check the file and show what would change; change nothing.")
        private boolean dryRun;

        @Override
        public Integer call() {
            List<MonitorFile.Entry> entries = entries();
            try (AdminClient client = admin.connect(DEADLINE)) {
                ApplyMonitorsResponse plan = plan(client, entries, Progress.onTerminal(admin.err(), "checking", entries.size()));
                Map<Action, Integer> counts = counts(plan);
                if (dryRun) {
                    print(plan, false, "dry run: " + planned(counts) + "; nothing was applied");
                    return ExitCodes.OK;
                }
                if (counts.get(Action.ACTION_CREATE) + counts.get(Action.ACTION_UPDATE) + counts.get(Action.ACTION_DELETE) == 0) {
                    print(plan, true, done(counts) + "; nothing to do");
                    return ExitCodes.OK;
                }
                apply(client, entries, plan);
                print(plan, true, done(counts));
                return ExitCodes.OK;
            }
        }

        /**
         * Sends the entries that change in batches, each one transaction, then prune's deletes, keeping
         * every name of the file. A batch that fails leaves the earlier ones applied: applying again
         * finishes the job, since only what still differs changes.
         */
        private void apply(AdminClient client, List<MonitorFile.Entry> entries, ApplyMonitorsResponse plan) {
            List<MonitorFile.Entry> changing = new ArrayList<>();
            boolean deletes = false;
            for (MonitorOutcome o : plan.getOutcomesList()) {
                if (o.getAction() == Action.ACTION_CREATE || o.getAction() == Action.ACTION_UPDATE) {
                    changing.add(entries.get(o.getIndex()));
                }
                deletes |= o.getAction() == Action.ACTION_DELETE;
            }
            List<ApplyMonitorsRequest> requests = new ArrayList<>();
            for (List<MonitorFile.Entry> batch : batches(changing)) {
                requests.add(ApplyMonitorsRequest.newBuilder()
                        .addAllMonitors(batch.stream().map(MonitorFile.Entry::definition).toList()).build());
            }
            if (deletes) {
                requests.add(pruneRequest(entries).build());
            }
            Progress progress = Progress.onTerminal(admin.err(), "applying", changing.size() + (deletes ? 1 : 0));
            int applied = 0;
            for (int b = 0; b < requests.size(); b++) {
                ApplyMonitorsRequest request = requests.get(b);
                try {
                    ApplyMonitorsResponse answer = client.call(stub -> stub.applyMonitors(request));
                    if (!answer.getApplied()) {
                        throw new CliFailure(ExitCodes.USAGE, answer.getOutcomesList().stream()
                                .filter(o -> o.getAction() == Action.ACTION_INVALID)
                                .map(o -> o.getName() + ": " + o.getError()).findFirst().orElse("the coordinator applied nothing"));
                    }
                } catch (CliFailure e) {
                    progress.close();
                    throw new CliFailure(e.exitCode(), e.getMessage() + " (batch " + (b + 1) + " of " + requests.size() + "; the "
                            + applied + " changes before it were applied, the rest not; run apply again to finish)");
                }
                applied += request.getMonitorsCount();
                progress.advance(Math.max(1, request.getMonitorsCount()));
            }
            progress.close();
        }
    }

    @Command(name = "diff", description = "Show, setting by setting, what vantage apply -f FILE would change "
            + "(with --prune, also which monitors it would delete).")
    static final class Diff extends FileCommand {
        @Override
        public Integer call() {
            List<MonitorFile.Entry> entries = entries();
            try (AdminClient client = admin.connect(DEADLINE)) {
                ApplyMonitorsResponse plan = plan(client, entries, Progress.onTerminal(admin.err(), "checking", entries.size()));
                Map<Action, Integer> counts = counts(plan);
                print(plan, false, counts.get(Action.ACTION_UNCHANGED) == entries.size() && counts.get(Action.ACTION_DELETE) == 0
                        ? "no changes: " + entries.size() + " monitors match the file" : planned(counts));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "export", description = "Print every monitor as a file for vantage apply (YAML): vantage export > monitors.yaml")
    static final class Export implements Callable<Integer> {
        @Mixin
        private AdminOptions admin;

        @Override
        public Integer call() {
            if (admin.json()) {
                throw new CliFailure(ExitCodes.USAGE, "--json: export writes the YAML file apply reads; for JSON use vantage monitor list --json");
            }
            try (AdminClient client = admin.connect(DEADLINE)) {
                admin.out().print(MonitorFileWriter.write(
                        client.call(stub -> stub.listMonitors(ListMonitorsRequest.getDefaultInstance())).getMonitorsList()));
                admin.out().flush();
                return ExitCodes.OK;
            }
        }
    }

    /** {@code --json}: what changed (apply) or would change (diff, dry run), every monitor of the file included. */
    record PlanView(boolean applied, int created, int updated, int deleted, int unchanged, List<OutcomeView> monitors) {
        static PlanView of(ApplyMonitorsResponse plan, boolean applied) {
            Map<Action, Integer> c = counts(plan);
            return new PlanView(applied, c.get(Action.ACTION_CREATE), c.get(Action.ACTION_UPDATE), c.get(Action.ACTION_DELETE),
                    c.get(Action.ACTION_UNCHANGED), plan.getOutcomesList().stream().map(OutcomeView::of).toList());
        }
    }

    /** @param action create, update, delete or unchanged */
    record OutcomeView(String name, String action, List<ChangeView> changes) {
        static OutcomeView of(MonitorOutcome o) {
            return new OutcomeView(o.getName(), o.getAction().name().substring("ACTION_".length()).toLowerCase(Locale.ROOT),
                    o.getChangesList().stream().map(c -> new ChangeView(c.getField(), c.getBefore(), c.getAfter())).toList());
        }
    }

    record ChangeView(String field, String before, String after) {
    }

    /** Consecutive runs of entries, each at most {@link #BATCH} monitors and {@link #BATCH_BYTES} bytes. */
    static List<List<MonitorFile.Entry>> batches(List<MonitorFile.Entry> entries) {
        List<List<MonitorFile.Entry>> batches = new ArrayList<>();
        List<MonitorFile.Entry> batch = new ArrayList<>();
        int bytes = 0;
        for (MonitorFile.Entry e : entries) {
            int size = e.definition().getSerializedSize() + 8;
            if (!batch.isEmpty() && (batch.size() == BATCH || bytes + size > BATCH_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(e);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /**
     * Prune alone: deletes every monitor whose name is not in the file. The names go in {@code keep}, so a
     * file's names must fit in one message (1 MiB: tens of thousands of names).
     */
    private static ApplyMonitorsRequest.Builder pruneRequest(List<MonitorFile.Entry> entries) {
        return ApplyMonitorsRequest.newBuilder().setPrune(true).addAllKeep(entries.stream().map(MonitorFile.Entry::name).toList());
    }

    private static Map<Action, Integer> counts(ApplyMonitorsResponse plan) {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            counts.put(a, 0);
        }
        plan.getOutcomesList().forEach(o -> counts.merge(o.getAction(), 1, Integer::sum));
        return counts;
    }

    /** "1 to create, 2 to update, 0 to delete, 7 unchanged" */
    private static String planned(Map<Action, Integer> c) {
        return c.get(Action.ACTION_CREATE) + " to create, " + c.get(Action.ACTION_UPDATE) + " to update, "
                + c.get(Action.ACTION_DELETE) + " to delete, " + c.get(Action.ACTION_UNCHANGED) + " unchanged";
    }

    /** "1 created, 2 updated, 0 deleted, 7 unchanged" */
    private static String done(Map<Action, Integer> c) {
        return c.get(Action.ACTION_CREATE) + " created, " + c.get(Action.ACTION_UPDATE) + " updated, "
                + c.get(Action.ACTION_DELETE) + " deleted, " + c.get(Action.ACTION_UNCHANGED) + " unchanged";
    }
}
