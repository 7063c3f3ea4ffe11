package dev.vantage.coordinator.auth;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/** The token of the API call being served, as {@link AuthInterceptor} found it. */
public final class Caller {
    static final Context.Key<Token> KEY = Context.key("vantage-token");

    private Caller() {
    }

    public static Optional<Token> current() {
        return Optional.ofNullable(KEY.get());
    }

    /** The caller's token name for log lines ({@code token=NAME}); {@code -} outside a call. */
    public static String name() {
        return current().map(Token::name).orElse("-");
    }

    /**
     * For a call whose role depends on what it asks (see {@link Permissions}): fails unless the
     * caller's role allows {@code needed}.
     *
     * @param call what is being asked, e.g. "UpdateMonitor (changing more than blackouts)"
     * @throws StatusRuntimeException PERMISSION_DENIED naming the token, its role and the role needed
     */
    public static void require(Role needed, String call) {
        Token token = current().orElseThrow(() -> Status.PERMISSION_DENIED
                .withDescription(call + " needs role " + needed.word() + "; this call has no token").asRuntimeException());
        if (!token.role().allows(needed)) {
            throw denied(token, call, needed).asRuntimeException();
        }
    }

    static Status denied(Token token, String call, Role needed) {
        return Status.PERMISSION_DENIED.withDescription(
                "token '" + token.name() + "' has role " + token.role().word() + "; " + call + " needs role " + needed.word());
    }
}
