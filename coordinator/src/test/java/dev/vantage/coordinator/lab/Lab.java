package dev.vantage.coordinator.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The namespace lab of {@code deploy/lab/lab.sh}, driven from a test: {@code up --network-only},
 * impairments, {@code status --env} and {@code down}. Every call runs {@code lab.sh} as a child
 * process with a deadline, so nothing here can hang a build.
 *
 * <p>The lab has fixed names ({@code vl-*}, state in {@code /run/vantage-lab}); one lab per
 * machine. {@link #close()} only tears down a lab this object brought up.
 */
final class Lab implements AutoCloseable {
    /** {@code lab.sh} waits up to 120 s for its lock; a bit more than that for the slowest command. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);
    private static final int TIMED_OUT = 124;
    private static final List<String> TOOLS = List.of("ip", "iptables", "tcpdump", "python3", "flock");

    private final Path script;
    private final Path logDir;
    private boolean up;
    private Map<String, String> env = Map.of();

    private Lab(Path script, Path logDir) {
        this.script = script;
        this.logDir = logDir;
    }

    /** The lab script of this checkout; surefire runs in the module dir, so the repository root is {@code ..}. */
    static Lab ofCheckout(Path logDir) {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path root : List.of(cwd, cwd.getParent())) {
            Path s = root.resolve("deploy/lab/lab.sh");
            if (Files.isExecutable(s)) {
                return new Lab(s, logDir);
            }
        }
        throw new IllegalStateException("deploy/lab/lab.sh not found from " + cwd + " or its parent");
    }

    /**
     * Why the lab cannot run on this machine, if it cannot: not root, a tool missing, or network
     * namespaces not allowed (a container without CAP_SYS_ADMIN, for example).
     */
    static Optional<String> whyNotUsable() {
        if (!"0".equals(exec(List.of("id", "-u"), Duration.ofSeconds(10)).output().strip())) {
            return Optional.of("the multi-location lab needs root (network namespaces, veths, iptables); "
                    + "run as root, e.g. in CI (.ci/run), or skip it with -Dlab.skip");
        }
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of("the multi-location lab needs " + String.join(", ", missing)
                    + " on the PATH; install with: apt-get install -y iproute2 iptables tcpdump python3 util-linux");
        }
        String probe = "vl-check-" + ProcessHandle.current().pid();
        Result add = exec(List.of("ip", "netns", "add", probe), Duration.ofSeconds(10));
        exec(List.of("ip", "netns", "del", probe), Duration.ofSeconds(10));
        if (add.exit() != 0) {
            return Optional.of("cannot create network namespaces here (`ip netns add` failed: " + add.output().strip()
                    + "); the multi-location lab needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN");
        }
        return Optional.empty();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some lab (ours or anybody's) is up now. */
    boolean anyLabUp() {
        return "1".equals(statusEnv().get("LAB_UP"));
    }

    /** {@code lab.sh up --network-only} with these target ports; then reads {@code status --env}. */
    void upNetworkOnly(List<Integer> targetPorts) {
        List<String> ports = targetPorts.stream().map(String::valueOf).toList();
        Result r = exec(command("up", "--network-only", "--target-ports", String.join(",", ports)), SCRIPT_TIMEOUT);
        if (r.exit() == TIMED_OUT) {
            up = true; // killed half-way: ours to tear down (a failed up cleans up after itself)
        }
        if (r.exit() != 0) {
            throw new IllegalStateException("lab.sh up --network-only exited " + r.exit() + ":\n" + r.output());
        }
        up = true;
        env = statusEnv();
        if (!"1".equals(env.get("LAB_UP"))) {
            throw new IllegalStateException("lab.sh up succeeded but status --env says " + env);
        }
    }

    /** The {@code status --env} keys of the running lab, read at {@link #upNetworkOnly}. */
    String get(String key) {
        String v = env.get(key);
        if (v == null) {
            throw new IllegalStateException("lab.sh status --env has no " + key + ": " + env);
        }
        return v;
    }

    /** A region's key: {@code region("eu-west", "ADDR")} is {@code REGION_EU_WEST_ADDR}. */
    String region(String region, String key) {
        return get("REGION_" + region.toUpperCase().replace('-', '_') + "_" + key);
    }

    Map<String, String> statusEnv() {
        Result r = exec(command("status", "--env"), SCRIPT_TIMEOUT);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z0-9_]+")) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** {@code lab.sh impair REGION KIND PORT}: drop-syn, reject or slow. */
    void impair(String region, String kind, int port) {
        run("impair", region, kind, String.valueOf(port));
    }

    /** {@code lab.sh clear REGION|all}. */
    void clear(String regionOrAll) {
        run("clear", regionOrAll);
    }

    /** {@code lab.sh down --keep-logs}, only if this object brought the lab up. */
    @Override
    public void close() {
        if (up) {
            up = false;
            run("down", "--keep-logs", logDir.resolve("lab-logs").toString());
        }
    }

    private void run(String... args) {
        Result r = exec(command(args), SCRIPT_TIMEOUT);
        if (r.exit() != 0) {
            throw new IllegalStateException("lab.sh " + String.join(" ", args) + " exited " + r.exit() + ":\n" + r.output());
        }
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    record Result(int exit, String output) {
    }

    /** Runs a command to completion within {@code timeout}, stdout and stderr together; exit 124 when it timed out. */
    static Result exec(List<String> command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("vantage-lab-", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Result(TIMED_OUT, String.join(" ", command) + " timed out after " + timeout + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, "cannot run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
