package dev.vantage.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.vantage.testkit.Gens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class RedactionPropertiesTest {

    /**
     * Passwords from characters that appear nowhere else in the generated URLs, so "not in the output" means "masked".
     * Not '*', which the mask is made of, nor the letters of the parameter name PASSWORD: either would be "in the
     * output" however well the value is masked.
     */
    private static Gen<String> password() {
        return Gens.stringsOf("BCEFGHIJKLMNQTUVXYZ!$%()+,", 1, 30);
    }

    private static Gen<String> scheme() {
        return Generate.pick(List.of("http", "https", "jdbc:postgresql", "postgres", "smtp"));
    }

    private static Gen<String> secretParameter() {
        return Generate.pick(List.of("password", "PASSWORD", "secret", "token", "key", "api_key", "access_token", "client-secret"));
    }

    @Test
    void aUserInfoPasswordNeverAppears() {
        qt().withExamples(200).forAll(scheme(), password()).checkAssert((scheme, password) -> {
            String url = scheme + "://ops:" + password + "@db.example.net:5432/vantage?ssl=true";

            String shown = Redaction.url(url);

            assertThat(shown).doesNotContain(password).isEqualTo(scheme + "://ops:***@db.example.net:5432/vantage?ssl=true");
        });
    }

    @Test
    void aSecretParameterNeverAppears() {
        qt().withExamples(200).forAll(scheme(), secretParameter(), password()).checkAssert((scheme, name, value) -> {
            String url = scheme + "://db.example.net/vantage?user=ops&" + name + "=" + value + "&ssl=true";

            assertThat(Redaction.url(url)).doesNotContain(value).contains(name + "=***").contains("user=ops").contains("ssl=true");
        });
    }

    @Test
    void anyTextComesBackWithoutThrowing() {
        qt().withExamples(200).forAll(Gens.text(255)).checkAssert(text -> assertThat(Redaction.url(text)).isNotNull());
    }

    @Test
    void jdbcUrlsOfBothFormsAreMasked() {
        assertThat(Redaction.url("jdbc:postgresql://u:p@h/db?password=x")).isEqualTo("jdbc:postgresql://u:***@h/db?password=***");
        assertThat(Redaction.url("jdbc:sqlite:data/vantage.db")).isEqualTo("jdbc:sqlite:data/vantage.db");
        assertThat(Redaction.url("https://hooks.example.com/x?monitor=web")).isEqualTo("https://hooks.example.com/x?monitor=web");
    }
}
