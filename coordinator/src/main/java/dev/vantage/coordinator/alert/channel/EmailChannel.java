package dev.vantage.coordinator.alert.channel;

import dev.vantage.common.time.Durations;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertKind;
import dev.vantage.coordinator.alert.AlertTopic;
import dev.vantage.coordinator.alert.Channel;
import dev.vantage.coordinator.alert.DeliveryException;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.SlowConnect;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Delivers alerts as plain-text email over SMTP (Jakarta Mail, Eclipse Angus).
 *
 * <p>Subject: {@code [Vantage] TCP Alert (ST=1) - NAME host:port} while the incident is open (open and
 * reminders), {@code (ST=0)} for a clear. The body lists the kind, incident id, monitor, status,
 * first failure, outage duration (clear), and a table of failing locations with reason and time.
 * Headers: {@code Message-ID} derived from the alert's idempotency key (a resend has the same one, so
 * mail clients can fold duplicates) and {@code X-Vantage-Idempotency-Key}.
 *
 * <p>Any SMTP or connection error is retryable: the message is sent again later.
 */
final class EmailChannel implements Channel {
    static final String IDEMPOTENCY_HEADER = "X-Vantage-Idempotency-Key";

    private final Settings settings;
    private final Session session;

    /**
     * @param name     the channel's name
     * @param host     SMTP server
     * @param port     SMTP port
     * @param startTls require STARTTLS before sending
     * @param user     SMTP user when the server needs authentication
     * @param password SMTP password, with {@code user}
     * @param from     sender address
     * @param to       recipients, at least one
     * @param timeout  for connecting, reading and writing
     */
    record Settings(String name, String host, int port, boolean startTls, Optional<String> user, String password,
            InternetAddress from, List<InternetAddress> to, Duration timeout) implements ChannelSettings {
        Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(timeout, "timeout");
            to = List.copyOf(to);
            if (to.isEmpty()) {
                throw new IllegalArgumentException("an email channel needs at least one recipient");
            }
        }

        @Override
        public Channel open(Clock clock) {
            return new EmailChannel(this);
        }

        @Override
        public String toString() {
            return "Settings[name=" + name + ", smtp=" + host + ":" + port + ", startTls=" + startTls + ", user=" + user.orElse("")
                    + ", password=(hidden), from=" + from + ", to=" + to + ", timeout=" + timeout + "]";
        }
    }

    EmailChannel(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Properties p = new Properties();
        String ms = Long.toString(settings.timeout().toMillis());
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.connectiontimeout", ms);
        p.setProperty("mail.smtp.timeout", ms);
        p.setProperty("mail.smtp.writetimeout", ms);
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.user().isPresent()));
        if (settings.startTls()) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        try {
            MimeMessage m = new FixedIdMessage(session, messageId(alert));
            m.setFrom(settings.from());
            m.setRecipients(Message.RecipientType.TO, settings.to().toArray(InternetAddress[]::new));
            m.setSubject(subject(alert), StandardCharsets.UTF_8.name());
            m.setSentDate(Date.from(alert.raisedAt()));
            m.setHeader(IDEMPOTENCY_HEADER, alert.idempotencyKey());
            m.setText(body(alert), StandardCharsets.UTF_8.name());
            if (settings.user().isPresent()) {
                Transport.send(m, settings.user().get(), settings.password());
            } else {
                Transport.send(m);
            }
        } catch (MessagingException e) {
            throw DeliveryException.retryable("SMTP " + settings.host() + ":" + settings.port() + " failed: " + e, e);
        }
    }

    /**
     * {@code [Vantage] TCP Alert (ST=1) - NAME host:port}; ST=0 for a clear. An alert about another
     * topic than an outage says which after the status: {@code (ST=1) REGIONAL - ...}.
     */
    static String subject(Alert a) {
        String topic = a.topic() == AlertTopic.OUTAGE ? "" : " " + a.topic().label().toUpperCase(Locale.ROOT);
        return "[Vantage] TCP Alert (ST=" + a.statusCode() + ")" + topic + " - " + a.monitorName() + " " + a.target();
    }

    /** The plain-text body: everything the alert carries. */
    static String body(Alert a) {
        StringBuilder b = new StringBuilder();
        String state = switch (a.topic()) {
            case OUTAGE -> "DOWN";
            case REGIONAL -> "REGIONAL (failing at some locations)";
            case SLOW -> "slow to connect";
            case FLAPPING -> "FLAPPING (its other alerts are held back)";
        };
        String headline = switch (a.kind()) {
            case OPEN -> "is " + state;
            case REMINDER -> "is still " + state + " (reminder " + a.reminderNumber() + ")";
            case CLEAR -> switch (a.clearReason().orElseThrow()) {
                case RECOVERED -> a.topic() == AlertTopic.OUTAGE ? "is UP again" : "is no longer " + state;
                case SETTLED -> "has settled: no longer FLAPPING";
                case PAUSED -> "was paused; its incident is closed";
                case DELETED -> "was deleted; its incident is closed";
            };
            case LOCATION_DEGRADED -> "is DEGRADED: its canaries fail, so its probes count for no monitor";
            case LOCATION_RECOVERED -> "is HEALTHY again: its canaries connect";
        };
        b.append("Monitor ").append(a.monitorName()).append(" (").append(a.target()).append(") ").append(headline).append(".\n\n");
        line(b, "Alert", a.kind().label() + (a.topic() == AlertTopic.OUTAGE ? "" : " (" + a.topic().label() + ")"));
        line(b, "Status", "ST=" + a.statusCode() + " " + a.status().text());
        line(b, "Monitor", a.monitorName() + " (id " + a.monitorId() + ")");
        line(b, "Target", a.target());
        line(b, "Incident", a.incidentId());
        line(b, "First failure", a.firstFailureAt().toString());
        a.outage().ifPresent(d -> line(b, "Outage", Durations.rounded(d)));
        a.clearReason().ifPresent(r -> line(b, "Cleared", r.label()));
        line(b, "Raised at", a.raisedAt().toString());
        line(b, "Sequence", Long.toString(a.sequence()));
        if (!a.failingLocations().isEmpty()) {
            b.append('\n').append(a.kind().ends() ? "Locations that had failed:\n" : "Failing locations:\n");
            int w = "LOCATION".length();
            int r = "REASON".length();
            for (LocationFailure f : a.failingLocations()) {
                w = Math.max(w, f.location().length());
                r = Math.max(r, f.reason().label().length());
            }
            String fmt = "  %-" + w + "s  %-" + r + "s  %s%n";
            b.append(String.format(fmt, "LOCATION", "REASON", "AT"));
            for (LocationFailure f : a.failingLocations()) {
                b.append(String.format(fmt, f.location(), f.reason().label(), f.at()));
            }
        }
        if (!a.slowLocations().isEmpty()) {
            b.append('\n').append(a.kind() == AlertKind.CLEAR ? "Locations that had been slow:\n" : "Slow locations:\n");
            int w = "LOCATION".length();
            for (SlowConnect c : a.slowLocations()) {
                w = Math.max(w, c.location().length());
            }
            String fmt = "  %-" + w + "s  %-10s  %s%n";
            b.append(String.format(fmt, "LOCATION", "CONNECT", "AT"));
            for (SlowConnect c : a.slowLocations()) {
                b.append(String.format(fmt, c.location(), String.format(Locale.ROOT, "%.1fms", c.connectTime().toNanos() / 1e6), c.at()));
            }
        }
        b.append("\n-- \nVantage TCP monitoring. Idempotency key: ").append(a.idempotencyKey()).append('\n');
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format("%-14s %s%n", label + ":", value));
    }

    private static String messageId(Alert a) {
        return "<" + a.idempotencyKey().replaceAll("[^A-Za-z0-9.-]", ".") + "@vantage>";
    }

    /** A message whose Message-ID stays what we set, instead of a random one per send. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    static InternetAddress address(String text) throws AddressException {
        InternetAddress a = new InternetAddress(text, true);
        a.validate();
        return a;
    }
}
