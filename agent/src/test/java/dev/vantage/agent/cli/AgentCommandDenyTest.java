package dev.vantage.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.net.AddressRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AgentCommandDenyTest {

    @Test
    void denyIsRepeatableAndTakesCommaLists() {
        AgentCommand command = new AgentCommand();
        new CommandLine(command).parseArgs("--location", "eu-west", "--coordinator", "127.0.0.1:7400",
                "--deny", "10.0.0.0/8", "--deny", "[fd00::/8]:22,192.0.2.7");

        assertThat(command.config().deny()).extracting(AddressRule::toString)
                .containsExactly("10.0.0.0/8", "[fd00::/8]:22", "192.0.2.7/32");
    }

    @Test
    void aBadRuleIsAUsageErrorNamingTheOptionAndTheItem() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AgentCommand());
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("--location", "eu-west", "--coordinator", "127.0.0.1:7400", "--deny", "10.0.0.0/33");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--deny: '10.0.0.0/33': prefix length must be 0-32 for IPv4");
    }
}
