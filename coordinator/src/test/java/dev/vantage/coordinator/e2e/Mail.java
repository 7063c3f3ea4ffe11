package dev.vantage.coordinator.e2e;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** The e-mail channel of e2e tests, sending to a GreenMail SMTP server on loopback. */
final class Mail {
    private Mail() {
    }

    /** Coordinator settings for an e-mail channel named {@code channel}: from vantage@, to ops@example.com. */
    static Properties channelSettings(String channel, int smtpPort) {
        Properties p = new Properties();
        p.setProperty("channel." + channel + ".type", "email");
        p.setProperty("channel." + channel + ".smtp.host", "127.0.0.1");
        p.setProperty("channel." + channel + ".smtp.port", Integer.toString(smtpPort));
        p.setProperty("channel." + channel + ".from", "vantage@example.com");
        p.setProperty("channel." + channel + ".to", "ops@example.com");
        return p;
    }

    static List<String> subjects(MimeMessage[] messages) {
        return Arrays.stream(messages).map(m -> {
            try {
                return m.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
