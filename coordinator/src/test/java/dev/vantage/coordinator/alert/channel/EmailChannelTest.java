package dev.vantage.coordinator.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vantage.coordinator.alert.Alerts;
import dev.vantage.coordinator.alert.DeliveryException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailChannelTest {
    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private EmailChannel channel(int port) throws Exception {
        return new EmailChannel(new EmailChannel.Settings("oncall", "127.0.0.1", port, false, Optional.empty(), "",
                new InternetAddress("vantage@example.com"),
                List.of(new InternetAddress("ops@example.com"), new InternetAddress("dev@example.org")), Duration.ofSeconds(5)));
    }

    @Test
    void openAlertIsOneMessageWithTheExactSubjectAndEveryDetail() throws Exception {
        channel(smtp.getSmtp().getPort()).deliver(Alerts.open(7, "inc-42").withSequence(3));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy in each recipient's mailbox, of one message:
        assertThat(received).extracting(x -> x.getMessageID()).containsOnly("<inc-42.open@vantage>");
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("[Vantage] TCP Alert (ST=1) - web 127.0.0.1:8080");
        assertThat(m.getFrom()).extracting(Object::toString).containsExactly("vantage@example.com");
        assertThat(m.getHeader("X-Vantage-Idempotency-Key")).containsExactly("inc-42:open");
        String body = GreenMailUtil.getBody(m);
        assertThat(body).contains("inc-42", "eu-west", "timed out", "us-east", "refused",
                "2026-11-26T12:00:03Z", "ST=1 TCP connection failed");
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("ops@example.com", "dev@example.org");
    }

    @Test
    void clearAlertSaysStatusZeroAndTheOutage() throws Exception {
        channel(smtp.getSmtp().getPort()).deliver(Alerts.clear(7, "inc-42").withSequence(4));

        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("[Vantage] TCP Alert (ST=0) - web 127.0.0.1:8080");
        assertThat(GreenMailUtil.getBody(m)).contains("is UP again", "Outage:", "12m34s", "inc-42");
    }

    @Test
    void anUnreachableServerIsARetryableFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        assertThatThrownBy(() -> channel(closedPort).deliver(Alerts.open(7, "inc-42").withSequence(1)))
                .isInstanceOf(DeliveryException.class)
                .matches(e -> ((DeliveryException) e).retryable());
    }
}
