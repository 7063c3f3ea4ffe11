package dev.vantage.coordinator.cli;

import dev.vantage.coordinator.cli.ResultColumn.Texts;
import dev.vantage.coordinator.cli.Views.TokenView;
import dev.vantage.proto.v1.CreateTokenRequest;
import dev.vantage.proto.v1.CreateTokenResponse;
import dev.vantage.proto.v1.ListTokensRequest;
import dev.vantage.proto.v1.RevokeTokenRequest;
import dev.vantage.proto.v1.RevokeTokenResponse;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vantage token ...}: the tokens of the admin and alert APIs (role admin). */
@Command(name = "token", description = "Create, list and revoke API tokens (needs a token with role admin).",
        subcommands = {TokenCommands.Create.class, TokenCommands.ListTokens.class, TokenCommands.Revoke.class})
final class TokenCommands extends CommandGroup {

    @Command(name = "create", description = "Create a token and print its secret, once: the coordinator keeps only its hash.")
    static final class Create implements Callable<Integer> {
        @Mixin
        private AdminOptions admin;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "1 to 63 of A-Z a-z 0-9 . _ -; never reused.")
        private String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "read (look only), operate (read, test, pause, resume, blackouts) or admin (everything).")
        private String role;

        /** What {@code --json} prints: exactly these keys. */
        record Created(String name, String role, String secret) {
        }

        @Override
        public Integer call() {
            CreateTokenResponse made;
            try (AdminClient client = admin.connect()) {
                made = client.call(stub -> stub.createToken(CreateTokenRequest.newBuilder().setName(name).setRole(role).build()));
            }
            PrintWriter out = admin.out();
            if (admin.json()) {
                JsonOutput.document(out, new Created(made.getToken().getName(), made.getToken().getRole(), made.getSecret()));
                return ExitCodes.OK;
            }
            out.println("created token " + made.getToken().getName() + " (role " + made.getToken().getRole() + ")");
            out.println(made.getSecret());
            out.println("this secret will not be shown again; keep it in a file only you can read and pass it with"
                    + " --token-file FILE or VANTAGE_TOKEN");
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List the tokens that are not revoked (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        private AdminOptions admin;

        @Override
        public Integer call() {
            List<TokenView> tokens;
            try (AdminClient client = admin.connect()) {
                tokens = client.call(stub -> stub.listTokens(ListTokensRequest.getDefaultInstance())).getTokensList().stream()
                        .map(Views::token).toList();
            }
            if (admin.json()) {
                JsonOutput.document(admin.out(), tokens);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "ROLE", "CREATED", "LAST USED");
            for (TokenView t : tokens) {
                table.add(t.name(), t.role(), Texts.time(t.createdAt()),
                        t.lastUsedAt() == null ? "never" : Texts.age(t.lastUsedAt(), admin.clock().instant()));
            }
            table.print(admin.out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", description = "Revoke a token: calls with it fail from now on. Its name is not reused.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        private AdminOptions admin;

        @Parameters(paramLabel = "NAME", description = "The token to revoke.")
        private String name;

        @Override
        public Integer call() {
            RevokeTokenResponse revoked;
            try (AdminClient client = admin.connect()) {
                revoked = client.call(stub -> stub.revokeToken(RevokeTokenRequest.newBuilder().setName(name).build()));
            }
            if (admin.json()) {
                JsonOutput.document(admin.out(), Views.token(revoked.getRevoked()));
            } else {
                admin.out().println("revoked token " + revoked.getRevoked().getName());
                admin.out().flush();
            }
            return ExitCodes.OK;
        }
    }
}
