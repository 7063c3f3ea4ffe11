package dev.vantage.coordinator.cli;

import dev.vantage.common.text.Display;
import dev.vantage.coordinator.cli.ResultColumn.Texts;
import dev.vantage.coordinator.cli.Views.AgentView;
import dev.vantage.coordinator.cli.Views.LocationView;
import dev.vantage.proto.v1.ListLocationsRequest;
import dev.vantage.proto.v1.ListLocationsResponse;
import java.util.Optional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vantage locations}: each location, its health from its canaries, its connected agents and the
 * addresses they probe from.
 */
@Command(name = "locations", description = "Show each location, its health (canaries), its connected agents and the source addresses they probe from.")
final class LocationsCommand implements Callable<Integer> {
    @Mixin
    private AdminOptions admin;

    @Override
    public Integer call() {
        ListLocationsResponse response;
        try (AdminClient client = admin.connect()) {
            response = client.call(stub -> stub.listLocations(ListLocationsRequest.getDefaultInstance()));
        }
        List<LocationView> locations = response.getLocationsList().stream().map(Views::location).toList();
        Optional<String> store = Views.storeWarning(response.getStore());
        if (admin.json()) {
            // The document stays a list of locations; the warning goes beside it, where a script's log sees it.
            store.ifPresent(w -> {
                admin.err().println("warning: " + w);
                admin.err().flush();
            });
            JsonOutput.document(admin.out(), locations);
            return ExitCodes.OK;
        }
        store.ifPresent(admin.out()::println);
        if (locations.isEmpty()) {
            admin.out().println("no locations configured");
            admin.out().flush();
            return ExitCodes.OK;
        }
        Instant now = admin.clock().instant();
        Table table = new Table("LOCATION", "HEALTH", "AGENT", "VERSION", "HOST", "HEARTBEAT", "IN-FLIGHT", "UNACKED", "SOURCE ADDRESSES");
        for (LocationView location : locations) {
            String health = health(location);
            if (location.agents().isEmpty()) {
                table.add(location.name(), health, "no agent", "", "", "", "", "", "");
            }
            for (AgentView a : location.agents()) {
                table.add(location.name(), health, a.agent(), Texts.orDash(a.version()), Texts.orDash(a.hostname()),
                        Texts.age(a.lastHeartbeat(), now), a.inFlight() + "/" + a.maxInFlight(), String.valueOf(a.resultsWaiting()),
                        a.sourceAddresses().isEmpty() ? "-" : String.join(",", a.sourceAddresses()));
            }
        }
        table.print(admin.out());
        for (LocationView location : locations) {
            if (!location.canaries().isEmpty()) {
                admin.out().println(canaryLine(location, now));
            }
        }
        admin.out().flush();
        return ExitCodes.OK;
    }

    /** HEALTHY or DEGRADED for a location with canaries, "-" for one without. */
    private static String health(LocationView location) {
        return location.health().equals("unchecked") ? "-" : location.health().toUpperCase(Locale.ROOT);
    }

    /** {@code eu-west: DEGRADED since T (5m ago); canaries 0 of 2 connected in the round due 12s ago: a:1, b:2}. */
    private static String canaryLine(LocationView l, Instant now) {
        StringBuilder b = new StringBuilder(l.name()).append(": ").append(health(l));
        if (l.healthSince() != null) {
            b.append(" since ").append(l.healthSince()).append(" (").append(Texts.age(l.healthSince(), now)).append(')');
        }
        b.append("; canaries ");
        if (l.canaryRoundAt() == null) {
            b.append("not probed yet");
        } else {
            b.append(l.canariesConnected()).append(" of ").append(l.canaries().size()).append(" connected");
            int noAgent = l.canaries().size() - l.canariesAnswered();
            if (noAgent > 0) {
                b.append(", ").append(noAgent).append(" without agent");
            }
            b.append(" in the round due ").append(Texts.age(l.canaryRoundAt(), now));
        }
        return b.append(": ").append(Display.escape(String.join(", ", l.canaries()))).toString();
    }
}
