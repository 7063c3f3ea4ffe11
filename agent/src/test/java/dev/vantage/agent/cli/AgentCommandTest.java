package dev.vantage.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.agent.config.AgentConfig;
import dev.vantage.agent.config.AgentTls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {
    @TempDir
    Path dir;

    private static AgentConfig config(String... tlsArgs) {
        AgentCommand command = new AgentCommand();
        String[] base = {"--location", "eu-west", "--coordinator", "127.0.0.1:7400"};
        String[] all = new String[base.length + tlsArgs.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(tlsArgs, 0, all, base.length, tlsArgs.length);
        new CommandLine(command).parseArgs(all);
        return command.config();
    }

    @Test
    void withoutTlsOptionsTheLinkIsPlaintext() {
        assertThat(config().tls()).isEmpty();
    }

    @Test
    void allThreeTlsFilesMakeATlsLink() throws Exception {
        Path cert = Files.writeString(dir.resolve("a.crt"), "x");
        Path key = Files.writeString(dir.resolve("a.key"), "x");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");

        assertThat(config("--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-ca", ca.toString()).tls())
                .contains(new AgentTls(cert, key, ca));
    }

    @Test
    void aMissingTlsFileIsNamed() throws Exception {
        Path cert = Files.writeString(dir.resolve("a.crt"), "x");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");

        assertThatThrownBy(() -> config("--tls-cert", cert.toString(), "--tls-ca", ca.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--tls-key: missing; TLS needs --tls-cert, --tls-key and --tls-ca together (see vantage certs init)");
        assertThatThrownBy(() -> config("--tls-cert", cert.toString(), "--tls-key", dir.resolve("nope.key").toString(), "--tls-ca", ca.toString()))
                .hasMessage("--tls-key: cannot read " + dir.resolve("nope.key"));
    }

    private record Run(int exit, String err) {
    }

    /** Runs the command with {@code --http-listen address}; for addresses refused before anything starts. */
    private static Run withHttpListen(String address) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new AgentCommand()).setErr(new PrintWriter(err))
                .execute("--location", "eu-west", "--coordinator", "127.0.0.1:7400", "--http-listen", address);
        return new Run(exit, err.toString());
    }

    @Test
    void aBadHttpListenAddressIsNamedAndNothingStarts() {
        Run r = withHttpListen("7481");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("--http-listen: ");
    }

    @Test
    void aNonLoopbackHttpListenWithoutTlsIsRefusedNamingTheFix() {
        Run r = withHttpListen("0.0.0.0:7481");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("--http-listen: 0.0.0.0:7481 is not a loopback address and TLS is off; give --tls-cert, "
                + "--tls-key and --tls-ca to serve HTTPS, bind it to loopback (e.g. 127.0.0.1:7481), or --insecure-http on an isolated "
                + "network\n");
    }
}
