package dev.vantage.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RedactionProperties {

    /** Passwords from characters that appear nowhere else in the generated URLs, so "not in the output" means "masked". */
    @Provide
    Arbitrary<String> password() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ!$%*()+,").ofMinLength(1).ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> scheme() {
        return Arbitraries.of("http", "https", "jdbc:postgresql", "postgres", "smtp");
    }

    @Provide
    Arbitrary<String> secretParameter() {
        return Arbitraries.of("password", "PASSWORD", "secret", "token", "key", "api_key", "access_token", "client-secret");
    }

    @Property(tries = 200)
    void aUserInfoPasswordNeverAppears(@ForAll("scheme") String scheme, @ForAll("password") String password) {
        String url = scheme + "://ops:" + password + "@db.example.net:5432/vantage?ssl=true";

        String shown = Redaction.url(url);

        assertThat(shown).doesNotContain(password).isEqualTo(scheme + "://ops:***@db.example.net:5432/vantage?ssl=true");
    }

    @Property(tries = 200)
    void aSecretParameterNeverAppears(@ForAll("scheme") String scheme, @ForAll("secretParameter") String name,
                                      @ForAll("password") String value) {
        String url = scheme + "://db.example.net/vantage?user=ops&" + name + "=" + value + "&ssl=true";

        assertThat(Redaction.url(url)).doesNotContain(value).contains(name + "=***").contains("user=ops").contains("ssl=true");
    }

    @Property(tries = 200)
    void anyTextComesBackWithoutThrowing(@ForAll String text) {
        assertThat(Redaction.url(text)).isNotNull();
    }

    @Example
    void jdbcUrlsOfBothFormsAreMasked() {
        assertThat(Redaction.url("jdbc:postgresql://u:p@h/db?password=x")).isEqualTo("jdbc:postgresql://u:***@h/db?password=***");
        assertThat(Redaction.url("jdbc:sqlite:data/vantage.db")).isEqualTo("jdbc:sqlite:data/vantage.db");
        assertThat(Redaction.url("https://hooks.example.com/x?monitor=web")).isEqualTo("https://hooks.example.com/x?monitor=web");
    }
}
