package dev.vantage.coordinator.auth;

import dev.vantage.proto.v1.AdminServiceGrpc;
import dev.vantage.proto.v1.AlertServiceGrpc;
import io.grpc.MethodDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of which role each admin and alert call needs. A test checks that every method of
 * both services is here, so a new RPC cannot go out unprotected. The agent API is not here: agents
 * authenticate with their TLS certificates.
 */
final class Permissions {
    private static final Map<String, Role> NEEDED = new HashMap<>();

    static {
        needs(Role.READ, AdminServiceGrpc.getGetMonitorMethod());
        needs(Role.READ, AdminServiceGrpc.getListMonitorsMethod());
        needs(Role.READ, AdminServiceGrpc.getGetStatusMethod());
        needs(Role.READ, AdminServiceGrpc.getListResultsMethod());
        needs(Role.READ, AdminServiceGrpc.getListLocationsMethod());
        needs(Role.READ, AdminServiceGrpc.getGetReportMethod());
        needs(Role.READ, AlertServiceGrpc.getSubscribeMethod());
        needs(Role.READ, AlertServiceGrpc.getListAlertsMethod());
        needs(Role.READ, AlertServiceGrpc.getListIncidentsMethod());

        needs(Role.OPERATE, AdminServiceGrpc.getTestMonitorMethod());
        needs(Role.OPERATE, AdminServiceGrpc.getSetPausedMethod());
        // Operate may change blackouts only; the service asks for admin when the update changes more
        // (Caller.require), since only it reads the request.
        needs(Role.OPERATE, AdminServiceGrpc.getUpdateMonitorMethod());

        needs(Role.ADMIN, AdminServiceGrpc.getCreateMonitorMethod());
        needs(Role.ADMIN, AdminServiceGrpc.getDeleteMonitorMethod());
        // Even a dry run: it lists every monitor's settings and which names exist.
        needs(Role.ADMIN, AdminServiceGrpc.getApplyMonitorsMethod());
        needs(Role.ADMIN, AdminServiceGrpc.getCreateTokenMethod());
        needs(Role.ADMIN, AdminServiceGrpc.getListTokensMethod());
        needs(Role.ADMIN, AdminServiceGrpc.getRevokeTokenMethod());
    }

    private Permissions() {
    }

    private static void needs(Role role, MethodDescriptor<?, ?> method) {
        if (NEEDED.put(method.getFullMethodName(), role) != null) {
            throw new IllegalStateException(method.getFullMethodName() + " is in the table twice");
        }
    }

    /** The role a method needs; empty for a method not in the table (refused: nothing is allowed by default). */
    static Optional<Role> needed(String fullMethodName) {
        return Optional.ofNullable(NEEDED.get(fullMethodName));
    }

    static Map<String, Role> table() {
        return Map.copyOf(NEEDED);
    }
}
