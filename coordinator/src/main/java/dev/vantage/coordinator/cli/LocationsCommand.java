package dev.vantage.coordinator.cli;

import dev.vantage.coordinator.cli.ResultColumn.Texts;
import dev.vantage.coordinator.cli.Views.AgentView;
import dev.vantage.coordinator.cli.Views.LocationView;
import dev.vantage.proto.v1.ListLocationsRequest;
import dev.vantage.proto.v1.ListLocationsResponse;
import java.util.Optional;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vantage locations}: each location, its connected agents and the addresses they probe from. */
@Command(name = "locations", description = "Show each location, its connected agents and the source addresses they probe from.")
public final class LocationsCommand implements Callable<Integer> {
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
        Table table = new Table("LOCATION", "AGENT", "VERSION", "HOST", "HEARTBEAT", "IN-FLIGHT", "UNACKED", "SOURCE ADDRESSES");
        for (LocationView location : locations) {
            if (location.agents().isEmpty()) {
                table.add(location.name(), "no agent", "", "", "", "", "", "");
            }
            for (AgentView a : location.agents()) {
                table.add(location.name(), a.agent(), Texts.orDash(a.version()), Texts.orDash(a.hostname()),
                        Texts.age(a.lastHeartbeat(), now), a.inFlight() + "/" + a.maxInFlight(), String.valueOf(a.resultsWaiting()),
                        a.sourceAddresses().isEmpty() ? "-" : String.join(",", a.sourceAddresses()));
            }
        }
        table.print(admin.out());
        return ExitCodes.OK;
    }
}
