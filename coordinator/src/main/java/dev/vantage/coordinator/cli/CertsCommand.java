package dev.vantage.coordinator.cli;

import dev.vantage.coordinator.pki.CertificateAuthority;
import dev.vantage.coordinator.pki.Issued;
import dev.vantage.coordinator.pki.Pem;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vantage certs}: a CA for one deployment and the certificates of its coordinator and
 * agents, as PEM files in one directory ({@link CertificateAuthority} does the work).
 */
@Command(name = "certs", description = "Make the CA, coordinator and agent certificates for TLS, and revoke them.",
        subcommands = {CertsCommand.Init.class, CertsCommand.Issue.class, CertsCommand.Revoke.class})
final class CertsCommand extends CommandGroup {

    /** What a certs command wrote, for people or {@code --json}. */
    record Written(String kind, String subject, String serial, String certificate, String key, Instant notAfter) {
        static Written of(String kind, Issued i) {
            return new Written(kind, i.subject(), i.serialHex(), i.certificate().toString(), i.key().toString(), i.notAfter());
        }
    }

    /** Options of every certs command. */
    static final class Common {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The directory of the CA and certificates.")
        Path dir;

        @Option(names = "--json", description = "Print JSON for scripts instead of text.")
        boolean json;

        void print(List<Written> written) {
            PrintWriter out = mixee.commandLine().getOut();
            if (json) {
                JsonOutput.document(out, written);
                return;
            }
            for (Written w : written) {
                out.printf("wrote %s certificate %s%s (serial %s, subject %s, valid until %s)%n", w.kind(), w.certificate(),
                        w.key() == null ? "" : " and key " + w.key(), w.serial(), w.subject(), w.notAfter());
            }
            out.flush();
        }

        static Duration days(String option, int days) {
            if (days < 1) {
                throw new CliFailure(ExitCodes.USAGE, option + ": must be at least 1, got " + days);
            }
            return Duration.ofDays(days);
        }
    }

    @Command(name = "init", description = "Create a CA in --dir (never overwriting one), the coordinator's certificate and one agent "
            + "certificate per location.")
    static final class Init implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Common common;

        @Option(names = "--locations", split = ",", paramLabel = "L1,L2", description = "Locations to issue agent certificates for.")
        List<String> locations = new ArrayList<>();

        @Option(names = "--names", split = ",", paramLabel = "NAME,...", description = "DNS names and IP addresses agents and the "
                + "CLI reach the coordinator by (localhost, 127.0.0.1 and ::1 are always included).")
        List<String> names = new ArrayList<>();

        @Option(names = "--days", defaultValue = "365", description = "Validity of the coordinator and agent certificates (default: "
                + "${DEFAULT-VALUE}; the CA: 3650).")
        int days;

        @Override
        public Integer call() {
            Duration validity = Common.days("--days", days);
            List<Issued> issued = new ArrayList<>();
            CertificateAuthority ca = CertificateAuthority.init(common.dir, locations, names, validity, Clock.systemUTC(), issued::add);
            X509Certificate c = ca.certificate();
            List<Written> written = new ArrayList<>();
            written.add(new Written("CA", c.getSubjectX500Principal().getName(), c.getSerialNumber().toString(16),
                    common.dir.resolve(CertificateAuthority.CA_CERT).toString(), common.dir.resolve(CertificateAuthority.CA_KEY).toString(),
                    c.getNotAfter().toInstant()));
            written.add(Written.of("coordinator", issued.get(0)));
            issued.subList(1, issued.size()).forEach(agent -> written.add(Written.of("agent", agent)));
            common.print(written);
            return ExitCodes.OK;
        }
    }

    @Command(name = "issue", description = "Issue an agent certificate (--location), or reissue the coordinator's (--coordinator), "
            + "signed by the CA in --dir.")
    static final class Issue implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Common common;

        @Option(names = "--location", paramLabel = "L", description = "Issue an agent certificate for location L.")
        String location;

        @Option(names = "--coordinator", description = "Reissue the coordinator's certificate (rotation).")
        boolean coordinator;

        @Option(names = "--name", description = "File name (and CN) of an agent certificate (default: agent-LOCATION).")
        String name;

        @Option(names = "--names", split = ",", paramLabel = "NAME,...", description = "With --coordinator: DNS names and IP "
                + "addresses of the coordinator besides localhost, 127.0.0.1 and ::1. With --location: the agent's own, for HTTPS on "
                + "its --http-listen (the certificate then also allows serverAuth, for these names only).")
        List<String> names = new ArrayList<>();

        @Option(names = "--days", defaultValue = "365", description = "Validity (default: ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() {
            if ((location == null) == !coordinator) {
                throw new CliFailure(ExitCodes.USAGE, "--location: give --location L for an agent certificate, "
                        + "or --coordinator for the coordinator's (one of the two)");
            }
            Duration validity = Common.days("--days", days);
            CertificateAuthority ca = CertificateAuthority.open(common.dir, Clock.systemUTC());
            Written w = coordinator
                    ? Written.of("coordinator", ca.issueServer(names, validity))
                    : Written.of("agent", ca.issueAgent(location, name, names, validity));
            common.print(List.of(w));
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", description = "Add a certificate to the CA's revocation list (--dir/ca.crl), which the coordinator "
            + "reads as tls.crl.")
    static final class Revoke implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Common common;

        @Option(names = "--cert", paramLabel = "FILE", description = "The certificate to revoke (PEM).")
        Path cert;

        @Option(names = "--serial", paramLabel = "HEX", description = "The serial number to revoke, in hex.")
        String serialText;

        @Override
        public Integer call() {
            if ((cert == null) == (serialText == null)) {
                throw new CliFailure(ExitCodes.USAGE, "--cert: give the certificate file (--cert FILE) or its serial (--serial HEX), one of the two");
            }
            CertificateAuthority ca = CertificateAuthority.open(common.dir, Clock.systemUTC());
            BigInteger serial;
            if (cert != null) {
                X509Certificate c = Pem.readCertificates(cert).get(0);
                if (!ca.signed(c)) {
                    throw new CliFailure(ExitCodes.USAGE, "--cert: " + cert + " was not issued by the CA in " + common.dir
                            + "; revoke it with the CA that issued it");
                }
                serial = c.getSerialNumber();
            } else {
                try {
                    serial = new BigInteger(serialText.trim().replace(":", "").replaceFirst("^0[xX]", ""), 16);
                } catch (NumberFormatException e) {
                    throw new CliFailure(ExitCodes.USAGE, "--serial: '" + serialText + "' is not a hex serial number, e.g. 4f3a9c01");
                }
            }
            X509CRL crl = ca.revoke(serial);
            Path file = common.dir.resolve(CertificateAuthority.CRL);
            int listed = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
            PrintWriter out = common.mixee.commandLine().getOut();
            if (common.json) {
                JsonOutput.document(out, new Revoked(serial.toString(16), file.toString(), listed));
            } else {
                out.printf("revoked serial %s; wrote %s (%d revoked); a coordinator with tls.crl=%s refuses it within seconds%n",
                        serial.toString(16), file, listed, file);
                out.flush();
            }
            return ExitCodes.OK;
        }

        record Revoked(String serial, String crl, int revoked) {
        }
    }
}
