package dev.vantage.coordinator.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.vantage.common.http.HttpEndpoint;
import dev.vantage.coordinator.auth.Role;
import dev.vantage.coordinator.auth.Token;
import dev.vantage.coordinator.auth.TokenService;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only with {@code Authorization: Bearer <secret>} of a valid token whose role
 * allows {@link #needed}: 401 without one, 403 when its role is too low. The tokens are the admin API's
 * ({@link TokenService}); until the coordinator is active (a standby has no store yet) it answers 503.
 */
final class TokenGuard extends Filter {
    private static final Logger log = LoggerFactory.getLogger(TokenGuard.class);
    private static final String BEARER = "bearer ";

    private final Role needed;
    private volatile TokenService tokens;

    TokenGuard(Role needed) {
        this.needed = needed;
    }

    void use(TokenService active) {
        this.tokens = active;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        TokenService t = tokens;
        if (t == null) {
            HttpEndpoint.respond(exchange, 503, "text/plain; charset=utf-8",
                    "standby: another coordinator is active on this store; ask that one\n");
            return;
        }
        Optional<Token> token = secret(exchange).flatMap(t::verify);
        if (token.isEmpty()) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vantage\"");
            HttpEndpoint.respond(exchange, 401, "text/plain; charset=utf-8", "missing or invalid token; send the header "
                    + "'Authorization: Bearer SECRET' with a token of role " + needed.word() + " or higher (vantage token create)\n");
            return;
        }
        if (!token.get().role().allows(needed)) {
            log.info("http request refused: role too low path={} token={} role={} needs={}", exchange.getRequestURI().getPath(),
                    token.get().name(), token.get().role().word(), needed.word());
            HttpEndpoint.respond(exchange, 403, "text/plain; charset=utf-8", "token '" + token.get().name() + "' has role "
                    + token.get().role().word() + "; " + exchange.getRequestURI().getPath() + " needs " + needed.word() + " or higher\n");
            return;
        }
        chain.doFilter(exchange);
    }

    private static Optional<String> secret(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Authorization");
        if (value == null || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(value.substring(BEARER.length()).trim());
    }

    @Override
    public String description() {
        return "token of role " + needed.word();
    }
}
