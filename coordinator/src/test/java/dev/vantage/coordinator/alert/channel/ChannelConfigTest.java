package dev.vantage.coordinator.alert.channel;

import dev.vantage.coordinator.alert.Channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.input.ValidationException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ChannelConfigTest {
    private static Properties props(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    private static final String VALID = """
            listen = 0.0.0.0:7400
            channel.ops-hook.type = webhook
            channel.ops-hook.url = https://hooks.example.com/vantage
            channel.ops-hook.secret = 0123456789abcdef0123
            channel.oncall.type = email
            channel.oncall.smtp.host = smtp.example.com
            channel.oncall.smtp.port = 587
            channel.oncall.smtp.starttls = true
            channel.oncall.smtp.user = vantage
            channel.oncall.smtp.password = pw
            channel.oncall.from = vantage@example.com
            channel.oncall.to = a@example.com, b@example.com
            alert.default.channels = oncall
            alert.retry.initial = 2s
            alert.retry.max = 1m
            """;

    private static void assertRejected(String text, String key, String hint) {
        assertThatThrownBy(() -> ChannelConfig.fromProperties(props(text)))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(key))
                .hasMessageContaining(hint);
    }

    @Test
    void readsWebhookAndEmailChannelsDefaultsAndRetry() {
        ChannelConfig c = ChannelConfig.fromProperties(props(VALID));

        assertThat(c.channels()).containsOnlyKeys("ops-hook", "oncall");
        assertThat(c.channels().get("ops-hook")).isInstanceOfSatisfying(WebhookChannel.Settings.class, w -> {
            assertThat(w.url()).isEqualTo(URI.create("https://hooks.example.com/vantage"));
            assertThat(w.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(w.toString()).doesNotContain("0123456789abcdef0123");
        });
        assertThat(c.channels().get("oncall")).isInstanceOfSatisfying(EmailChannel.Settings.class, m -> {
            assertThat(m.host()).isEqualTo("smtp.example.com");
            assertThat(m.port()).isEqualTo(587);
            assertThat(m.startTls()).isTrue();
            assertThat(m.user()).contains("vantage");
            assertThat(m.to()).extracting(Object::toString).containsExactly("a@example.com", "b@example.com");
        });
        assertThat(c.defaultChannels()).containsExactly("oncall");
        assertThat(c.backoff().initial()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.backoff().max()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.open(java.time.Clock.systemUTC())).extracting(Channel::name).containsExactly("oncall", "ops-hook");
    }

    @Test
    void withoutChannelsNothingIsSentAndEveryDefinedChannelIsTheDefault() {
        assertThat(ChannelConfig.none().channels()).isEmpty();
        ChannelConfig c = ChannelConfig.fromProperties(props(VALID.replace("alert.default.channels = oncall\n", "")));
        assertThat(c.defaultChannels()).containsExactlyInAnyOrder("oncall", "ops-hook");
    }

    @Test
    void errorsNameTheKeyAndTheFix() {
        assertRejected("channel.x.url = http://h/\n", "channel.x.type", "webhook or email");
        assertRejected("channel.x.type = slack\n", "channel.x.type", "'slack' is not a channel type");
        assertRejected("channel.x.type = webhook\nchannel.x.secret = 0123456789abcdef\n", "channel.x.url", "missing");
        assertRejected("channel.x.type = webhook\nchannel.x.url = ftp://h/\nchannel.x.secret = 0123456789abcdef\n",
                "channel.x.url", "http:// or https://");
        assertRejected("channel.x.type = webhook\nchannel.x.url = http://h/\n", "channel.x.secret", "missing");
        assertRejected("channel.x.type = webhook\nchannel.x.url = http://h/\nchannel.x.secret = short\n", "channel.x.secret", "at least 16");
        assertRejected("channel.x.type = webhook\nchannel.x.url = http://h/\nchannel.x.secret = 0123456789abcdef\nchannel.x.timout = 5s\n",
                "channel.x.timout", "not a setting of a webhook channel");
        assertRejected(VALID.replace("smtp.port = 587", "smtp.port = 70000"), "channel.oncall.smtp.port", "1 to 65535");
        assertRejected(VALID.replace("smtp.port = 587", "smtp.port = smtp"), "channel.oncall.smtp.port", "not a port");
        assertRejected(VALID.replace("smtp.host = smtp.example.com", "smtp.host ="), "channel.oncall.smtp.host", "missing");
        assertRejected(VALID.replace("to = a@example.com", "to = not an address"), "channel.oncall.to", "not an email address");
        assertRejected(VALID.replace("starttls = true", "starttls = yes"), "channel.oncall.smtp.starttls", "true or false");
        assertRejected(VALID.replace("channel.oncall.smtp.password = pw\n", ""), "channel.oncall.smtp.password", "smtp.user is set");
        assertRejected(VALID.replace("default.channels = oncall", "default.channels = oncall,pager"), "alert.default.channels",
                "'pager' is not a defined channel");
        assertRejected(VALID.replace("retry.max = 1m", "retry.max = 1s"), "alert.retry.max", "shorter than alert.retry.initial");
        assertRejected(VALID.replace("retry.initial = 2s", "retry.initial = soon"), "alert.retry.initial", "not a duration");
        assertRejected("channel.Ops.type = webhook\n", "channel.Ops.type", "not a valid channel name");
        assertRejected("channel.x = webhook\n", "channel.x", "channel.<name>.type");
    }

    @Test
    void aWebhookUrlWithCredentialsIsShownMasked() {
        assertThatThrownBy(() -> ChannelConfig.fromProperties(props("""
                channel.hook.type = webhook
                channel.hook.url = ftp://ops:hunter2hunter2@hooks.example.com/x?token=t0k3n
                channel.hook.secret = 0123456789abcdef0123
                """)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("channel.hook.url: 'ftp://ops:***@hooks.example.com/x?token=***' is not an http:// or https:// URL with a host")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("t0k3n");
    }

    @Test
    void aWebhookChannelsSettingsNeverPrintTheUrlsPassword() {
        ChannelConfig c = ChannelConfig.fromProperties(props("""
                channel.hook.type = webhook
                channel.hook.url = https://ops:hunter2hunter2@hooks.example.com/x
                channel.hook.secret = 0123456789abcdef0123
                """));

        assertThat(c.channels().get("hook").toString()).contains("https://ops:***@hooks.example.com/x").doesNotContain("hunter2");
    }
}
