package dev.vantage.agent.probe;

import dev.vantage.common.net.AddressRule;
import dev.vantage.common.net.Refusal;
import dev.vantage.common.net.TargetPolicy;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The agent's probe-target policy: the coordinator's (from its Welcome; the built-in deny list until
 * one arrives or when it sent none) plus the agent's own {@code --deny} rules, which the coordinator
 * cannot lift. The link sets the coordinator's part; the prober asks before every connect.
 */
public final class TargetGate {
    /** How refusals name the agent's own rules. */
    public static final String LOCAL_DENY = "agent --deny";

    private final List<AddressRule> localDeny;
    private volatile TargetPolicy policy;

    /** @param localDeny the agent's {@code --deny} rules */
    public TargetGate(List<AddressRule> localDeny) {
        this.localDeny = List.copyOf(localDeny);
        this.policy = TargetPolicy.defaults().plusDeny(LOCAL_DENY, this.localDeny);
    }

    /** The coordinator's policy replaces the previous one; the local deny rules stay. */
    public void coordinatorSent(TargetPolicy coordinator) {
        this.policy = coordinator.plusDeny(LOCAL_DENY, localDeny);
    }

    /** The policy in force now. */
    public TargetPolicy policy() {
        return policy;
    }

    /** Why a connect to {@code address}:{@code port} must not happen; empty when it may. */
    public Optional<Refusal> check(InetAddress address, int port) {
        return policy.check(address, port);
    }
}
