package dev.vantage.agent;

import dev.vantage.agent.config.AgentConfig;
import dev.vantage.common.config.HostPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.testkit.ClosedPort;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AgentTest {

    private static Set<String> agentThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("vantage-"))
                .collect(Collectors.toSet());
    }

    @Test
    void closeLeavesNoThreadsBehind() throws Exception {
        Set<String> before = agentThreads();
        Agent agent = Agent.start(AgentConfig.of("eu-west", "127.0.0.1:" + ClosedPort.find().port())
                .withReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(50)));
        await().atMost(Duration.ofSeconds(10)).until(() -> agentThreads().size() > before.size());

        agent.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> agentThreads().equals(before));
        assertThat(agent.isConnected()).isFalse();
    }

    @Test
    void defaultsAreDocumentedOnes() {
        AgentConfig c = AgentConfig.of("eu-west", "[::1]:7443");

        assertThat(c.agentId()).endsWith("-eu-west-" + ProcessHandle.current().pid());
        assertThat(c.coordinators()).containsExactly(new HostPort("::1", 7443));
        assertThat(c.maxInFlight()).isEqualTo(10_000);
        assertThat(c.effectiveSourceAddresses()).isNotEmpty();
    }

    @Test
    void severalCoordinatorsAreTriedInTheOrderGiven() {
        AgentConfig c = AgentConfig.of("eu-west", "10.0.0.1:7400, [::1]:7443");

        assertThat(c.coordinators()).containsExactly(new HostPort("10.0.0.1", 7400), new HostPort("::1", 7443));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentConfig.of("eu-west", "10.0.0.1:7400,nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
