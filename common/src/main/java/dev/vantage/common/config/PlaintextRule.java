package dev.vantage.common.config;

import dev.vantage.common.input.ValidationException;

/**
 * The one rule for every port Vantage listens on: plaintext only on a loopback address, unless the
 * operator chose it for an isolated network. The coordinator's gRPC port and its HTTP endpoint, and
 * an agent's HTTP endpoint, all refuse to start otherwise; each names its own setting and fix.
 *
 * @param tls              whether the port serves TLS
 * @param plaintextAllowed whether the operator allowed plaintext beyond loopback
 *                         ({@code insecure.plaintext=true}, the agent's {@code --insecure-http})
 */
public record PlaintextRule(boolean tls, boolean plaintextAllowed) {

    /**
     * @param field the setting or option that names the address, e.g. {@code http.listen}
     * @param fix   what to do instead, e.g. {@code set tls.cert, tls.key and tls.ca}
     * @throws ValidationException naming {@code field} when {@code address} would carry plaintext beyond this host
     */
    public void require(String field, HostPort address, String fix) {
        if (tls || plaintextAllowed || address.isLoopback()) {
            return;
        }
        throw new ValidationException(field, address + " is not a loopback address and TLS is off; " + fix);
    }
}
