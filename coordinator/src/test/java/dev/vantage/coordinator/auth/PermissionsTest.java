package dev.vantage.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.proto.v1.AdminServiceGrpc;
import dev.vantage.proto.v1.AgentServiceGrpc;
import dev.vantage.proto.v1.AlertServiceGrpc;
import io.grpc.MethodDescriptor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PermissionsTest {
    @Test
    void everyAdminAndAlertCallHasExactlyOneRoleAndNothingElseIsInTheTable() {
        var methods = Stream.concat(AdminServiceGrpc.getServiceDescriptor().getMethods().stream(),
                        AlertServiceGrpc.getServiceDescriptor().getMethods().stream())
                .map(MethodDescriptor::getFullMethodName).toList();

        assertThat(Permissions.table().keySet()).containsExactlyInAnyOrderElementsOf(methods);
    }

    @Test
    void agentCallsAreNotTokenCalls() {
        AgentServiceGrpc.getServiceDescriptor().getMethods()
                .forEach(m -> assertThat(Permissions.needed(m.getFullMethodName())).as(m.getFullMethodName()).isEmpty());
    }

    @Test
    void lookingIsReadChangingMonitorsAndTokensIsAdmin() {
        assertThat(Permissions.needed(AdminServiceGrpc.getGetStatusMethod().getFullMethodName())).contains(Role.READ);
        assertThat(Permissions.needed(AlertServiceGrpc.getSubscribeMethod().getFullMethodName())).contains(Role.READ);
        assertThat(Permissions.needed(AdminServiceGrpc.getSetPausedMethod().getFullMethodName())).contains(Role.OPERATE);
        assertThat(Permissions.needed(AdminServiceGrpc.getTestMonitorMethod().getFullMethodName())).contains(Role.OPERATE);
        assertThat(Permissions.needed(AdminServiceGrpc.getCreateMonitorMethod().getFullMethodName())).contains(Role.ADMIN);
        assertThat(Permissions.needed(AdminServiceGrpc.getListTokensMethod().getFullMethodName())).contains(Role.ADMIN);
    }
}
