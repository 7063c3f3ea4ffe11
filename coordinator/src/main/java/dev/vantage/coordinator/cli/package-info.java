/**
 * {@code vantage}, the command line: the launcher for every role and the admin commands that
 * drive a running coordinator through its admin gRPC API ({@code vantage.v1.AdminService}) only.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.vantage.coordinator.cli.VantageCli#main} runs the CLI and exits with the command's code;
 *       {@link dev.vantage.coordinator.cli.VantageCli#commandLine} gives the configured picocli
 *       {@code CommandLine} (tests run it in-process with their own out/err and clock).</li>
 *   <li>Registering a subcommand ({@code coordinator}, {@code agent}, {@code demo}, {@code bench}, ...):
 *       add its class to {@code VantageCli.SUBCOMMANDS}. It gets
 *       {@code -h/--help} and {@code -V/--version}; throwing {@link dev.vantage.coordinator.cli.CliFailure}
 *       prints {@code error: <message>} to stderr and exits with the failure's code, no stack trace.</li>
 *   <li>An admin command declares {@code @Mixin AdminOptions admin;}
 *       ({@link dev.vantage.coordinator.cli.AdminOptions}: {@code --server HOST:PORT}, default
 *       {@code $VANTAGE_SERVER} else {@code 127.0.0.1:7400}; {@code --json}; {@code --rpc-timeout DURATION},
 *       default 10s, 150s for {@code test}) and calls {@code admin.connect()} for an
 *       {@code AdminClient}, which maps gRPC failures to messages and exit codes in one place.
 *       The deadline option is {@code --rpc-timeout}, not {@code --timeout}, because
 *       {@code monitor create/update --timeout} is the monitor's connect timeout. These options are also accepted
 *       before the subcommand ({@code vantage --server H:P status}); the one after it wins.</li>
 * </ul>
 *
 * <h2>Exit codes</h2>
 * (see {@link dev.vantage.coordinator.cli.ExitCodes}; also at the end of {@code --help})
 * <ul>
 *   <li>0: success; {@code test}: every location connected</li>
 *   <li>1: {@code test}: a location did not connect (refused, timed out, no agent, ...) or none answered</li>
 *   <li>2: usage error (picocli's message, or e.g. "interval: '5x' is not a duration; ...": the field's name, without the
 *       option's dashes, as the coordinator names it), or the
 *       coordinator rejected the request: INVALID_ARGUMENT, ALREADY_EXISTS, FAILED_PRECONDITION
 *       (stderr: {@code error: <server message>})</li>
 *   <li>3: the coordinator is unreachable (UNAVAILABLE) or did not answer within the deadline
 *       (stderr: {@code error: cannot reach the coordinator at HOST:PORT (...); is it running? set --server or VANTAGE_SERVER})</li>
 *   <li>4: NOT_FOUND (no such monitor)</li>
 *   <li>5: any other gRPC failure (INTERNAL, UNIMPLEMENTED, ...) or a bug in the CLI</li>
 * </ul>
 *
 * <h2>{@code --json} shapes</h2>
 * Field names are snake_case, times ISO-8601 UTC ({@code 2025-03-01T12:00:00Z}), fields are only ever added.
 * Whole answers are indented JSON; {@code test --json} is JSON Lines, one result per line as it arrives.
 * <pre>
 * monitor (create, show, update, delete, pause, resume: one object; list: an array of them)
 *   {"id":7,"name":"web","host":"example.org","port":443,"interval":"1m","interval_ms":60000,
 *    "timeout":"10s","timeout_ms":10000,"locations":["eu-west"],"paused":false,
 *    "created_at":"2025-03-01T12:00:00Z","updated_at":"2025-03-01T12:00:00Z"}
 * result (test: one per line; results: an array, newest first)
 *   {"job_id":42,"monitor_id":7,"monitor":"web","location":"eu-west","agent":"eu-west-1",
 *    "kind":"scheduled|on_demand|retry|verify|late","status_code":0,"status":"OK","reason":"none",
 *    "connect_ms":12.346,"address":"93.184.216.34:443","started_at":"2025-03-01T12:00:00Z","message":"",
 *    "due_at":"2025-03-01T12:00:00Z","slow":false}
 *   results also lists, where it fell, each period with no active coordinator longer than the monitor's interval:
 *   {"kind":"gap","status":"coordinator unavailable","from":"...","to":"...","seconds":42}
 *   status_code: 0 OK, 1 TCP connection failed, 90 no agent available; reason: none, refused, timed out,
 *   unreachable, name not resolved, address not allowed, no agent available, other; connect_ms: null unless connected;
 *   agent and address: "" when unknown; due_at: when the probe was due (a scheduled probe: its round's due time);
 *   slow: connected slower than the monitor's --warn-connect-time (still status 0).
 * monitor policy.signals (in monitor show --json)
 *   {"regional_after":3,"notify_regional":false,"warn_connect_time":"","warn_after":1,"notify_slow":false,
 *    "flap_changes":0,"flap_window":"10m"}   (warn_connect_time "" and flap_changes 0: off)
 * status: an array of
 *   {"monitor":{...monitor...},"state":"UP|WARNING|DOWN|REGIONAL|FLAPPING|UNKNOWN|PAUSED|BLACKOUT","last_results":[...result...],
 *    "failing_locations":[...],"slow_locations":[{"location":"ap-south","connect_ms":1009.754,"at":"..."}]}
 *   REGIONAL: failing_locations are the locations failing below the DOWN rule, each "at" when it began failing.
 * alert (alerts list: an array; alerts watch --json: one per line)
 *   {"sequence":2,"kind":"OPEN|REMINDER|CLEAR","incident_id":"7-1764158403000","monitor":"web",...,
 *    "failing_locations":[{"location":"eu-west","reason":"refused","at":"..."}],"failed_locations":[],
 *    "outage_ms":null,"outage":null,"clear_reason":null,"topic":"outage","slow_locations":[]}
 *   topic: outage (DOWN), regional, slow or flapping; a slow alert lists slow_locations instead of failing ones; a
 *   flapping CLEAR has clear_reason "settled".
 *   a CLEAR has failing_locations [] and lists the locations that had failed in failed_locations; outage (to the
 *   second, like 30s) and outage_ms (exact) only on a CLEAR.
 * locations: an array of
 *   {"name":"eu-west","agents":[{"agent":"eu-west-1","version":"0.1.0","hostname":"probe-a",
 *    "source_addresses":["203.0.113.7"],"peer_address":"10.1.2.3:51234","connected_at":"...",
 *    "last_heartbeat":"...","in_flight":2,"max_in_flight":64,"results_waiting":0}]}   (agents: [] when no agent;
 *   results_waiting: results the agent holds that are not yet acknowledged as stored, from its last heartbeat)
 * status, locations: while results do not reach the store, the table starts with a line "store: FAILING since ...";
 *   with --json the document is unchanged and the same line goes to stderr prefixed "warning: ".
 * apply, diff (one object; applied: false for diff and --dry-run; action: create|update|delete|unchanged)
 *   {"applied":true,"created":1,"updated":1,"deleted":0,"unchanged":5,
 *    "monitors":[{"name":"web","action":"update","changes":[{"field":"port","before":"443","after":"8443"}]}]}
 * report: an array, one per monitor (uptime_percent, mttr_ms and the p*_ms: null when there is nothing to measure)
 *   {"monitor":"web","since":"...","until":"...","uptime_percent":89.796,"rounds":49,"down_rounds":5,"no_agent_rounds":1,
 *    "incidents":2,"downtime_ms":302000,"longest_downtime_ms":181000,"mttr_ms":151000,"unmonitored_ms":600000,
 *    "coordinator_unavailable_ms":600000,
 *    "locations":[{"location":"eu-west","uptime_percent":89.583,"connected":43,"failed":5,"no_agent":2,
 *    "p50_ms":22.000,"p95_ms":41.000,"p99_ms":43.000}]}
 * </pre>
 */
package dev.vantage.coordinator.cli;
